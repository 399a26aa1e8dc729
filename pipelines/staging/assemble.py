"""The crawl and the parse cache -> what the warehouse loads.

`stage_reports` decides, from the last crawl, which reports are loaded (each content once,
under its first path) and which files are quarantined and why. The per-report rows (cells,
sections, warnings) stay where the parser wrote them, in the parse cache's Parquet batches;
`index_cells` records the cell counts of the current reports, so nothing national-sized is
copied on a run. DuckDB does the joins straight from Parquet within a small memory budget.

A file edited or removed is not forgotten: `report_history.parquet` records which content each
path has held and when (a version per path and content, closed when the path holds another
content or is gone), and the staged reports are every content the raw folder has held, the
current ones marked so.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import polars as pl
import pyarrow as pa

from pipelines.sql import load_sql
from pipelines.staging.crawl import CRAWL_FILE
from pipelines.staging.files import temp_beside, write_parquet_atomic
from pipelines.staging.parse_cache import SCHEMAS, batch_files, cached_rows, owning_batches

# DuckDB's share of the machine while staging and loading: the whole run stays under 2 GB.
DUCKDB_CONFIG = {"memory_limit": "1GB", "preserve_insertion_order": False}

STAGING = "staging"
REPORTS_FILE = f"{STAGING}/reports.parquet"
QUARANTINE_FILE = f"{STAGING}/quarantine.parquet"
CELLS_INDEX_FILE = f"{STAGING}/cells_index.parquet"
HISTORY_FILE = "report_history.parquet"  # kept from run to run: not a staging file
_WHEN = pa.timestamp("us", tz="UTC")
HISTORY_SCHEMA = pa.schema({"source_path": pa.string(), "report_id": pa.string(), "valid_from": _WHEN,
                            "valid_to": _WHEN, "superseded_by": pa.string()})


def connect(path: str = ":memory:") -> duckdb.DuckDBPyConnection:
    return duckdb.connect(path, config=DUCKDB_CONFIG)


@dataclass(frozen=True, slots=True)
class StagedCounts:
    reports: int  # every report the raw folder has held
    current: int  # of which in the raw folder now
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


def _previous_history(con: duckdb.DuckDBPyConnection, warehouse: Path) -> duckdb.DuckDBPyRelation:
    path = warehouse / HISTORY_FILE
    return con.read_parquet(str(path)) if path.exists() else con.from_arrow(HISTORY_SCHEMA.empty_table())


def stage_reports(warehouse: Path, now: datetime | None = None) -> StagedCounts:
    """staging/reports.parquet (every report the raw folder has held, the current ones marked)
    and staging/quarantine.parquet for the files of the last crawl; the history of each path
    brought up to `now` (this run's time)."""
    now = now or datetime.now(UTC)
    with connect() as con:
        con.register("raw_files", con.read_parquet(str(warehouse / CRAWL_FILE)))
        con.register("parsed_reports", _cached(con, warehouse, "reports"))
        con.register("parsed_refusals", _cached(con, warehouse, "refusals"))
        current = con.sql(load_sql("stage_current_reports")).to_arrow_table()  # one row per report
        con.register("current_reports", current)
        con.register("previous_history", _previous_history(con, warehouse))
        history = con.sql(load_sql("stage_history"), params={"now": now}).to_arrow_table().cast(HISTORY_SCHEMA)
        con.register("report_history", history)
        reports = _write(con.sql(load_sql("stage_reports")), warehouse / REPORTS_FILE)
        quarantined = _write(con.sql(load_sql("stage_quarantine")), warehouse / QUARANTINE_FILE)
    write_parquet_atomic(pl.from_arrow(history), warehouse / HISTORY_FILE)  # type: ignore[arg-type]
    return StagedCounts(reports, current.num_rows, quarantined)


def staged_report_ids(warehouse: Path, *, current_only: bool = False) -> set[str]:
    reports = pl.read_parquet(warehouse / REPORTS_FILE, columns=["report_id", "is_current"])
    if current_only:
        reports = reports.filter(pl.col("is_current"))
    return set(reports["report_id"].to_list())


def index_cells(warehouse: Path) -> tuple[int, dict[str, int]]:
    """staging/cells_index.parquet: cells per report by status, and template cells lacking
    (counted where each report was parsed). Returns the cells and their count by status."""
    with connect() as con:
        current = staged_report_ids(warehouse, current_only=True)
        summary = cached_rows(con, "summary", owning_batches(warehouse, current))
        _write(summary.order("report_id"), warehouse / CELLS_INDEX_FILE)
        ok, blank, missing = summary.aggregate(
            "coalesce(sum(ok), 0), coalesce(sum(blank), 0), coalesce(sum(missing), 0)").fetchall()[0]
    by_status = {"ok": int(ok), "blank": int(blank), "missing": int(missing)}
    return sum(by_status.values()), by_status


def incomplete_reports(warehouse: Path) -> pl.DataFrame:
    """Staged reports lacking a template cell (neither read nor marked missing): should be none."""
    index = pl.read_parquet(warehouse / CELLS_INDEX_FILE)
    return index.filter(pl.col("lacking") > 0).select("report_id", "lacking", "cells")
