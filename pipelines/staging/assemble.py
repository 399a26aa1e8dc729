"""The parse cache and the crawl -> the staged Parquet the warehouse loads.

DuckDB does the joins (`sql/stage_*.sql`) straight from the Parquet files and streams the
results back to Parquet, so a national corpus (tens of millions of cells) is staged within a
small, fixed memory budget. File paths reach DuckDB as arguments, never inside SQL text.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import duckdb
import polars as pl

from pipelines.staging.parse_cache import SCHEMAS, batch_files
from pipelines.warehouse.model_tables import items_frame
from pipelines.warehouse.sql import load_sql

# DuckDB's share of the machine while staging and loading: the whole run stays under 2 GB.
MEMORY_LIMIT = "1GB"


def connect(path: str = ":memory:") -> duckdb.DuckDBPyConnection:
    con = duckdb.connect(path)
    con.execute(f"set memory_limit = '{MEMORY_LIMIT}'")
    con.execute("set preserve_insertion_order = false")
    return con


@dataclass(frozen=True, slots=True)
class StagedCounts:
    reports: int
    quarantined: int
    sections: int
    warnings: int


def _write(con: duckdb.DuckDBPyConnection, sql_name: str, path: Path) -> int:
    """Run one staging statement and write its rows to `path` atomically."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    con.sql(load_sql(sql_name)).write_parquet(str(tmp), compression="zstd")
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
    """staging/reports, sections, warnings and quarantine for the files of the last crawl."""
    out = warehouse / "staging"
    with connect() as con:
        con.read_parquet(str(warehouse / "raw_reports.parquet")).create_view("raw_files")
        _register_cache(con, warehouse, "reports", "sections", "warnings", "refusals")
        reports = _write(con, "stage_reports", out / "reports.parquet")
        con.read_parquet(str(out / "reports.parquet")).create_view("staged_reports")
        return StagedCounts(
            reports=reports,
            quarantined=_write(con, "stage_quarantine", out / "quarantine.parquet"),
            sections=_write(con, "stage_sections", out / "sections.parquet"),
            warnings=_write(con, "stage_warnings", out / "warnings.parquet"),
        )


def stage_cells(warehouse: Path) -> int:
    """cells.parquet: every cell of every staged report, complete against its form."""
    with connect() as con:
        con.read_parquet(str(warehouse / "staging" / "reports.parquet")).create_view("staged_reports")
        _register_cache(con, warehouse, "cells")
        con.register("stg_items", items_frame().to_arrow())
        return _write(con, "stage_cells", warehouse / "cells.parquet")


def incomplete_reports(warehouse: Path) -> pl.DataFrame:
    """Staged reports lacking a template cell (neither read nor marked missing)."""
    with connect() as con:
        con.read_parquet(str(warehouse / "staging" / "reports.parquet")).create_view("staged_reports")
        con.read_parquet(str(warehouse / "cells.parquet")).create_view("staged_cells")
        con.register("stg_items", items_frame().to_arrow())
        return pl.from_arrow(con.sql(load_sql("check_cells_complete")).to_arrow_table())  # type: ignore[return-value]
