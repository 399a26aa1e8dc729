"""The crawl and the parse cache -> what the warehouse loads.

`stage_reports` decides, from the last crawl, which reports are loaded (each content once,
under its first path) and which files are quarantined and why. The per-report rows (cells,
sections, warnings) stay where the parser wrote them, in the parse cache's Parquet batches;
`index_cells` records which batches hold the current reports, so nothing national-sized is
copied on a run. DuckDB does the joins straight from Parquet within a small memory budget.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import duckdb
import polars as pl

from pipelines.staging.parse_cache import SCHEMAS, batch_files, batches_holding
from pipelines.warehouse.sql import load_sql

# DuckDB's share of the machine while staging and loading: the whole run stays under 2 GB.
MEMORY_LIMIT = "1GB"


def connect(path: str = ":memory:") -> duckdb.DuckDBPyConnection:
    con = duckdb.connect(path)
    con.execute(f"set memory_limit = '{MEMORY_LIMIT}'")
    con.execute("set preserve_insertion_order = false")
    con.execute("set enable_progress_bar = false")
    return con


@dataclass(frozen=True, slots=True)
class StagedCounts:
    reports: int
    quarantined: int


def _write(con: duckdb.DuckDBPyConnection, sql: str, path: Path) -> int:
    """Run one statement and write its rows to `path` atomically; return the row count."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    con.sql(sql).write_parquet(str(tmp), compression="zstd")
    os.replace(tmp, path)
    return con.sql("select count(*) from read_parquet($p)", params={"p": str(path)}).fetchall()[0][0]


def _register_cache(con: duckdb.DuckDBPyConnection, warehouse: Path, *tables: str) -> None:
    for table in tables:
        files = batch_files(warehouse, table)
        view = f"parsed_{table}"
        if files:
            con.read_parquet(files).create_view(view)
        else:  # nothing parsed yet: an empty table of the right shape
            con.register(view, SCHEMAS[table].empty_table())


def stage_reports(warehouse: Path) -> StagedCounts:
    """staging/reports.parquet and staging/quarantine.parquet for the files of the last crawl."""
    out = warehouse / "staging"
    with connect() as con:
        con.read_parquet(str(warehouse / "raw_reports.parquet")).create_view("raw_files")
        _register_cache(con, warehouse, "reports", "refusals")
        reports = _write(con, load_sql("stage_reports"), out / "reports.parquet")
        con.read_parquet(str(out / "reports.parquet")).create_view("staged_reports")
        return StagedCounts(reports, _write(con, load_sql("stage_quarantine"), out / "quarantine.parquet"))


def _current_summaries(con: duckdb.DuckDBPyConnection, warehouse: Path) -> None:
    """View `summary`: the parse-time cell counts of the currently staged reports."""
    reports = pl.read_parquet(warehouse / "staging" / "reports.parquet", columns=["report_id", "sha256"])
    con.register("staged_reports", reports.to_arrow())
    files = [str(b / "summary.parquet") for b in batches_holding(warehouse, set(reports["sha256"].to_list()))]
    if files:
        con.read_parquet(files).create_view("cached_summary")
    else:
        con.register("cached_summary", SCHEMAS["summary"].empty_table())
    con.execute("create temp view summary as select * from cached_summary "
                "where report_id in (select report_id from staged_reports)")


def index_cells(warehouse: Path) -> tuple[int, dict[str, int]]:
    """staging/cells_index.parquet: cells per report by status, and template cells lacking
    (counted where each report was parsed). Returns the cells and their count by status."""
    with connect() as con:
        _current_summaries(con, warehouse)
        _write(con, "select * from summary order by report_id", warehouse / "staging" / "cells_index.parquet")
        ok, blank, missing = con.sql("select coalesce(sum(ok), 0), coalesce(sum(blank), 0), "
                                     "coalesce(sum(missing), 0) from summary").fetchall()[0]
    by_status = {"ok": int(ok), "blank": int(blank), "missing": int(missing)}
    return sum(by_status.values()), by_status


def incomplete_reports(warehouse: Path) -> pl.DataFrame:
    """Staged reports lacking a template cell (neither read nor marked missing): should be none."""
    index = pl.read_parquet(warehouse / "staging" / "cells_index.parquet")
    return index.filter(pl.col("lacking") > 0).select("report_id", "lacking", "cells")
