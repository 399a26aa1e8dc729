"""Build the DuckDB warehouse from the staged Parquet, then swap it in.

The database is rebuilt into a new file and moved over the old one with `os.replace`: an
analyst holding the old file open keeps reading it undisturbed (DuckDB would otherwise make
a reader lock out the writer), and a load that fails halfway leaves the old file whole.
Staged Parquet is read in bulk by DuckDB (`read_parquet`); file paths reach DuckDB only as
arguments, never inside SQL text.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from pipelines.staging.assemble import connect
from pipelines.warehouse.model_tables import chains_frame, invariant_terms_frame, items_frame
from pipelines.warehouse.sql import load_sql

# Staged Parquet files (under the warehouse folder) and the view each becomes while loading.
STAGED = {
    "stg_raw_files": "raw_reports.parquet",
    "stg_reports": "staging/reports.parquet",
    "stg_sections": "staging/sections.parquet",
    "stg_warnings": "staging/warnings.parquet",
    "stg_quarantine": "staging/quarantine.parquet",
    "stg_cells": "cells.parquet",
}
# SQL files run in this order; each creates one table or view.
BUILD_ORDER = (
    "raw_file", "dim_agency", "dim_report", "dim_item", "dim_applicant",
    "fact_active_disclosure", "fact_request", "fact_review_litigation",
    "report_text", "parse_warning", "quarantine", "check_result",
    "v_report_summary", "v_agency_year", "comments",
)
DB_NAME = "disclosure.duckdb"


@dataclass(frozen=True, slots=True)
class LoadResult:
    path: Path
    row_counts: dict[str, int]


def build(warehouse_dir: Path, db_name: str = DB_NAME) -> LoadResult:
    """Rebuild the warehouse from Parquet into a new file and swap it in atomically."""
    target = warehouse_dir / db_name
    tmp = warehouse_dir / f".{db_name}.{os.getpid()}.building"
    for leftover in (tmp, tmp.with_name(tmp.name + ".wal")):
        leftover.unlink(missing_ok=True)
    con = connect(str(tmp))
    try:
        for view, rel in STAGED.items():
            con.read_parquet(str(warehouse_dir / rel)).create_view(view)
        for name, frame in (("stg_items", items_frame()), ("stg_invariant_terms", invariant_terms_frame()),
                            ("stg_chains", chains_frame())):
            con.register(name, frame.to_arrow())
        for name in BUILD_ORDER:
            con.execute(load_sql(name))
        counts = {
            t: con.execute(f'select count(*) from "{t}"').fetchall()[0][0]
            for (t,) in con.execute(
                "select table_name from information_schema.tables where table_schema = 'main' "
                "and table_type = 'BASE TABLE' and table_name not like 'stg_%' order by 1").fetchall()
        }
        for view in STAGED:  # the staging views point at Parquet paths: not part of the warehouse
            con.execute(f'drop view if exists "{view}"')
        con.execute("checkpoint")
    finally:
        con.close()
    os.replace(tmp, target)
    return LoadResult(target, counts)
