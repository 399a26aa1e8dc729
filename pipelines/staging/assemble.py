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
from pipelines.warehouse.model_tables import items_frame
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
            con.register(view, pl.DataFrame(schema=SCHEMAS[table]).to_arrow())


def stage_reports(warehouse: Path) -> StagedCounts:
    """staging/reports.parquet and staging/quarantine.parquet for the files of the last crawl."""
    out = warehouse / "staging"
    with connect() as con:
        con.read_parquet(str(warehouse / "raw_reports.parquet")).create_view("raw_files")
        _register_cache(con, warehouse, "reports", "refusals")
        reports = _write(con, load_sql("stage_reports"), out / "reports.parquet")
        con.read_parquet(str(out / "reports.parquet")).create_view("staged_reports")
        return StagedCounts(reports, _write(con, load_sql("stage_quarantine"), out / "quarantine.parquet"))


def current_cells(con: duckdb.DuckDBPyConnection, warehouse: Path) -> None:
    """View `cells`: the cached cells of the currently staged reports."""
    reports = pl.read_parquet(warehouse / "staging" / "reports.parquet", columns=["report_id", "sha256"])
    con.register("staged_reports", reports.to_arrow())
    files = [str(b / "cells.parquet") for b in batches_holding(warehouse, set(reports["sha256"].to_list()))]
    if files:
        con.read_parquet(files).create_view("cached_cells")
    else:
        con.register("cached_cells", pl.DataFrame(schema=SCHEMAS["cells"]).to_arrow())
    con.execute("create temp view cells as select * from cached_cells "
                "where report_id in (select report_id from staged_reports)")


def index_cells(warehouse: Path) -> tuple[int, dict[str, int]]:
    """staging/cells_index.parquet (cells per report and status); returns cells and by status."""
    with connect() as con:
        current_cells(con, warehouse)
        _write(con, "select report_id, status, count(*) as cells from cells group by all order by all",
               warehouse / "staging" / "cells_index.parquet")
        by_status = dict(con.sql("select status, sum(cells)::bigint from read_parquet($p) group by 1",
                                 params={"p": str(warehouse / "staging" / "cells_index.parquet")}).fetchall())
    return sum(by_status.values()), by_status


def incomplete_reports(warehouse: Path) -> pl.DataFrame:
    """Staged reports lacking a template cell (neither read nor marked missing)."""
    with connect() as con:
        current_cells(con, warehouse)
        con.read_parquet(str(warehouse / "staging" / "reports.parquet")).create_view("staged_report_rows")
        con.register("stg_items", items_frame().to_arrow())
        return pl.from_arrow(con.sql(load_sql("check_cells_complete")).to_arrow_table())  # type: ignore[return-value]
