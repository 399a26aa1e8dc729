"""The crawl and the parse cache -> what the warehouse loads.

`stage_reports` decides, from the last crawl, which reports are loaded (each content once,
under its first path) and which files are quarantined and why. The per-report rows (cells,
sections, warnings) stay where the parser wrote them, in the parse cache's Parquet batches;
`index_cells` records the cell counts of the current reports, so nothing national-sized is
copied on a run. DuckDB does the joins straight from Parquet within a small memory budget.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import duckdb
import polars as pl

from pipelines.sql import load_sql
from pipelines.staging.crawl import CRAWL_FILE
from pipelines.staging.files import temp_beside
from pipelines.staging.parse_cache import SCHEMAS, batch_files, cached_rows, owning_batches

# DuckDB's share of the machine while staging and loading: the whole run stays under 2 GB.
DUCKDB_CONFIG = {"memory_limit": "1GB", "preserve_insertion_order": False}

STAGING = "staging"
REPORTS_FILE = f"{STAGING}/reports.parquet"
QUARANTINE_FILE = f"{STAGING}/quarantine.parquet"
CELLS_INDEX_FILE = f"{STAGING}/cells_index.parquet"


def connect(path: str = ":memory:") -> duckdb.DuckDBPyConnection:
    return duckdb.connect(path, config=DUCKDB_CONFIG)


@dataclass(frozen=True, slots=True)
class StagedCounts:
    reports: int
    quarantined: int


def _write(rel: duckdb.DuckDBPyRelation, path: Path) -> int:
    """Write a relation's rows to `path` atomically; return the row count."""
    tmp = temp_beside(path)
    try:
        rel.write_parquet(str(tmp), compression="zstd")
        tmp.replace(path)
    finally:
        tmp.unlink(missing_ok=True)
    return pl.scan_parquet(path).select(pl.len()).collect().item()


def _cached(con: duckdb.DuckDBPyConnection, warehouse: Path, table: str) -> duckdb.DuckDBPyRelation:
    """Every batch's rows of one cached table (reports, refusals), or none of the right shape."""
    files = batch_files(warehouse, table)
    return con.read_parquet(files) if files else con.from_arrow(SCHEMAS[table].empty_table())


def stage_reports(warehouse: Path) -> StagedCounts:
    """staging/reports.parquet and staging/quarantine.parquet for the files of the last crawl."""
    with connect() as con:
        con.register("raw_files", con.read_parquet(str(warehouse / CRAWL_FILE)))
        con.register("parsed_reports", _cached(con, warehouse, "reports"))
        con.register("parsed_refusals", _cached(con, warehouse, "refusals"))
        reports = _write(con.sql(load_sql("stage_reports")), warehouse / REPORTS_FILE)
        con.register("staged_reports", con.read_parquet(str(warehouse / REPORTS_FILE)))
        quarantined = _write(con.sql(load_sql("stage_quarantine")), warehouse / QUARANTINE_FILE)
    return StagedCounts(reports, quarantined)


def staged_report_ids(warehouse: Path) -> set[str]:
    return set(pl.read_parquet(warehouse / REPORTS_FILE, columns=["report_id"])["report_id"].to_list())


def index_cells(warehouse: Path) -> tuple[int, dict[str, int]]:
    """staging/cells_index.parquet: cells per report by status, and template cells lacking
    (counted where each report was parsed). Returns the cells and their count by status."""
    with connect() as con:
        summary = cached_rows(con, "summary", owning_batches(warehouse, staged_report_ids(warehouse)))
        _write(summary.order("report_id"), warehouse / CELLS_INDEX_FILE)
        ok, blank, missing = summary.aggregate(
            "coalesce(sum(ok), 0), coalesce(sum(blank), 0), coalesce(sum(missing), 0)").fetchall()[0]
    by_status = {"ok": int(ok), "blank": int(blank), "missing": int(missing)}
    return sum(by_status.values()), by_status


def incomplete_reports(warehouse: Path) -> pl.DataFrame:
    """Staged reports lacking a template cell (neither read nor marked missing): should be none."""
    index = pl.read_parquet(warehouse / CELLS_INDEX_FILE)
    return index.filter(pl.col("lacking") > 0).select("report_id", "lacking", "cells")
