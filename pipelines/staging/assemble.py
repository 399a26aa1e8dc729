"""The crawl and the parse cache -> what the warehouse loads.

`stage_reports` decides, from the last crawl, which reports are loaded (each content once,
under its first path) and which files are quarantined and why. The per-report rows (cells,
sections, warnings) stay where the parser wrote them, in the parse cache's Parquet batches;
`index_cells` records the cell counts of the current reports, so nothing national-sized is
copied on a run. DuckDB does the joins straight from Parquet within a small memory budget. All
of it lives in the lake (a `Store`: the warehouse folder, or `s3://...`).

A file edited or removed is not forgotten: `report_history.parquet` records which content each
path has held and when (a version per path and content, closed when the path holds another
content or is gone), and the staged reports are every content the raw folder has held, the
current ones marked so.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

import duckdb
import polars as pl
import pyarrow as pa

from pipelines.sql import load_sql
from pipelines.staging.crawl import CRAWL_FILE
from pipelines.staging.parse_cache import cached_rows, cached_table, owning_batches
from pipelines.storage import Store, store_of

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


def _write(rel: duckdb.DuckDBPyRelation, lake: Store, path: str) -> int:
    """Write a relation's rows to `path` in the lake, whole or not at all; return the row count."""
    table = rel.to_arrow_table()
    lake.write_parquet(table, path)
    return table.num_rows


def _previous_history(con: duckdb.DuckDBPyConnection, lake: Store) -> duckdb.DuckDBPyRelation:
    if not lake.exists(HISTORY_FILE):
        return con.from_arrow(HISTORY_SCHEMA.empty_table())
    return con.from_arrow(lake.read_parquet(HISTORY_FILE).to_arrow().cast(HISTORY_SCHEMA))


def stage_reports(lake: Store | str, now: datetime | None = None) -> StagedCounts:
    """staging/reports.parquet (every report the raw folder has held, the current ones marked)
    and staging/quarantine.parquet for the files of the last crawl; the history of each path
    brought up to `now` (this run's time)."""
    now = now or datetime.now(UTC)
    lake = store_of(lake)
    with connect() as con:
        con.register("raw_files", con.from_arrow(lake.read_parquet(CRAWL_FILE).to_arrow()))
        con.register("parsed_reports", cached_table(con, lake, "reports"))
        con.register("parsed_refusals", cached_table(con, lake, "refusals"))
        current = con.sql(load_sql("stage_current_reports")).to_arrow_table()  # one row per report
        con.register("current_reports", current)
        con.register("previous_history", _previous_history(con, lake))
        history = con.sql(load_sql("stage_history"), params={"now": now}).to_arrow_table().cast(HISTORY_SCHEMA)
        con.register("report_history", history)
        reports = _write(con.sql(load_sql("stage_reports")), lake, REPORTS_FILE)
        quarantined = _write(con.sql(load_sql("stage_quarantine")), lake, QUARANTINE_FILE)
    lake.write_parquet(history, HISTORY_FILE)
    return StagedCounts(reports, current.num_rows, quarantined)


def staged_report_ids(lake: Store | str, *, current_only: bool = False) -> set[str]:
    reports = store_of(lake).read_parquet(REPORTS_FILE, columns=["report_id", "is_current"])
    if current_only:
        reports = reports.filter(pl.col("is_current"))
    return set(reports["report_id"].to_list())


def index_cells(lake: Store | str) -> tuple[int, dict[str, int]]:
    """staging/cells_index.parquet: cells per report by status, and template cells lacking
    (counted where each report was parsed). Returns the cells and their count by status."""
    lake = store_of(lake)
    with connect() as con:
        current = staged_report_ids(lake, current_only=True)
        summary = cached_rows(con, lake, "summary", owning_batches(lake, current))
        _write(summary.order("report_id"), lake, CELLS_INDEX_FILE)
        ok, blank, missing = summary.aggregate(
            "coalesce(sum(ok), 0), coalesce(sum(blank), 0), coalesce(sum(missing), 0)").fetchall()[0]
    by_status = {"ok": int(ok), "blank": int(blank), "missing": int(missing)}
    return sum(by_status.values()), by_status


def incomplete_reports(lake: Store | str) -> pl.DataFrame:
    """Staged reports lacking a template cell (neither read nor marked missing): should be none."""
    index = store_of(lake).read_parquet(CELLS_INDEX_FILE)
    return index.filter(pl.col("lacking") > 0).select("report_id", "lacking", "cells")
