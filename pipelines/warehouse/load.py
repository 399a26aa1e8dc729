"""Load the DuckDB warehouse from the staged Parquet and the parse cache, then swap it in.

The database is written as a new file and moved over the old one with `os.replace`: an analyst
holding the old file open keeps reading it undisturbed (DuckDB would otherwise make a reader lock
out the writer), and a load that fails halfway leaves the old file whole.

A run loads only what changed. The new file starts as a copy of the previous warehouse; rows of
reports no longer in the raw folder (removed, or changed: a new content is a new report id) are
deleted, and only the reports new to the warehouse are read from the parse cache and inserted.
Small tables (dimensions, quarantine, the crawl) are rebuilt whole. When the SQL or the forms
change, or there is no previous warehouse, everything is loaded afresh. File paths reach DuckDB
only as arguments, never inside SQL text.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

import duckdb
import polars as pl

from pipelines.staging.assemble import connect
from pipelines.staging.parse_cache import SCHEMAS, batches_holding
from pipelines.warehouse.model_tables import chains_frame, invariant_terms_frame, items_frame
from pipelines.warehouse.sql import SQL_DIR, load_sql

DB_NAME = "disclosure.duckdb"
# Staged Parquet files (under the warehouse folder) and the view each becomes while loading.
STAGED = {
    "stg_raw_files": "raw_reports.parquet",
    "stg_reports": "staging/reports.parquet",
    "stg_quarantine": "staging/quarantine.parquet",
}
# Per-report data read from the parse cache, for the reports being loaded only.
FROM_CACHE = {"stg_cells": "cells", "stg_sections": "sections", "stg_warnings": "warnings",
              "stg_readings": "readings", "stg_checks": "checks"}
# Small tables, rebuilt whole on every load, in order.
WHOLE = ("raw_file", "dim_agency", "dim_report", "dim_item", "dim_applicant", "quarantine")
# Tables with one or more rows per report: rows of removed reports deleted, new reports inserted.
PER_REPORT = {
    "fact_active_disclosure": "fact_active_disclosure", "fact_request": "fact_request",
    "fact_review_litigation": "fact_review_litigation", "report_text": "report_text",
    "parse_warning": "parse_warning", "table_reading": "table_reading", "check_result": "check_within",
}
VIEWS = ("v_report_summary", "v_agency_year")
STATE = "_load_state"


@dataclass(frozen=True, slots=True)
class LoadResult:
    path: Path
    row_counts: dict[str, int]
    mode: str
    reports_added: int
    reports_removed: int
    seconds: dict[str, float]  # time spent on each statement, for the benchmark


def schema_version() -> str:
    """Changes whenever any SQL file or form does: the previous warehouse is then not reused."""
    h = hashlib.sha256()
    for p in sorted(SQL_DIR.glob("*.sql")):
        h.update(p.read_bytes())
    h.update(items_frame().write_json().encode())
    return h.hexdigest()[:16]


def _previous_reports(target: Path, version: str) -> set[str] | None:
    """Report ids in the previous warehouse, or None when it cannot be built upon."""
    if not target.exists():
        return None
    try:
        with duckdb.connect(str(target), read_only=True) as con:
            (v,) = con.sql(f"select version from {STATE}").fetchall()[0]
            if v != version:
                return None
            return {r for (r,) in con.sql("select report_id from dim_report").fetchall()}
    except duckdb.Error:
        return None


def build(warehouse_dir: Path, db_name: str = DB_NAME, *, full: bool = False) -> LoadResult:
    """Load the warehouse (incrementally when the previous one allows) and swap it in."""
    target = warehouse_dir / db_name
    tmp = warehouse_dir / f".{db_name}.{os.getpid()}.building"
    for leftover in (tmp, tmp.with_name(tmp.name + ".wal")):
        leftover.unlink(missing_ok=True)
    version = schema_version()
    staged = pl.read_parquet(warehouse_dir / STAGED["stg_reports"], columns=["report_id", "sha256"])
    current = set(staged["report_id"].to_list())
    previous = None if full else _previous_reports(target, version)
    t = time.perf_counter()
    if previous is not None:
        shutil.copyfile(target, tmp)
    copy_seconds = time.perf_counter() - t
    added = current - (previous or set())
    removed = (previous or set()) - current
    seconds: dict[str, float] = {"copy previous": copy_seconds}

    def run(label: str, sql: str) -> None:
        t = time.perf_counter()
        con.execute(sql)
        seconds[label] = seconds.get(label, 0.0) + time.perf_counter() - t

    con = connect(str(tmp))
    try:
        _register(con, warehouse_dir, staged.filter(pl.col("report_id").is_in(sorted(added))))
        con.register("removed_reports", pl.DataFrame({"report_id": sorted(removed)}, schema={"report_id": pl.String})
                     .to_arrow())
        run("stg_fact_cells", load_sql("stg_fact_cells"))
        for name in WHOLE:
            run(name, f'create or replace table "{name}" as {load_sql(name)}')
        for table, sql_name in PER_REPORT.items():
            if previous is None:
                run(table, f'create or replace table "{table}" as {load_sql(sql_name)}')
            else:
                run(table, f'delete from "{table}" where report_id in (select report_id from removed_reports)')
                run(table, f'insert into "{table}" {load_sql(sql_name)}')
        run("carry_chain", "delete from check_result where rule_id in (select rule_id from stg_chains)")
        run("carry_chain", f"insert into check_result {load_sql('check_chain')}")
        for view in VIEWS:
            run(view, load_sql(view))
        run("comments", load_sql("comments"))
        con.execute(f"create or replace table {STATE} as select ? as version", [version])
        con.execute(f"comment on column {STATE}.version is 'Version of the SQL and forms this warehouse was "
                    "loaded with: a load builds on it only when they are unchanged.'")
        counts = {
            t: con.execute(f'select count(*) from "{t}"').fetchall()[0][0]
            for t in (*WHOLE, *PER_REPORT)
        }
        # staging views point at Parquet paths: not part of the warehouse
        for view in (*STAGED, *FROM_CACHE, *(f"{v}_all" for v in FROM_CACHE)):
            con.execute(f'drop view if exists "{view}"')
        run("checkpoint", "checkpoint")
    finally:
        con.close()
    os.replace(tmp, target)
    return LoadResult(target, counts, "full" if previous is None else "incremental", len(added), len(removed),
                      seconds)


def _register(con: duckdb.DuckDBPyConnection, warehouse: Path, loading: pl.DataFrame) -> None:
    for view, rel in STAGED.items():
        con.read_parquet(str(warehouse / rel)).create_view(view)
    for name, frame in (("stg_items", items_frame()), ("stg_invariant_terms", invariant_terms_frame()),
                        ("stg_chains", chains_frame()), ("load_reports", loading)):
        con.register(name, frame.to_arrow())
    batches = batches_holding(warehouse, set(loading["sha256"].to_list()))
    for view, table in FROM_CACHE.items():
        files = [str(b / f"{table}.parquet") for b in batches]
        source = f"{view}_all"
        if files:
            con.read_parquet(files).create_view(source)
        else:
            con.register(source, SCHEMAS[table].empty_table())
        con.execute(f'create or replace temp view "{view}" as select * from "{source}" '
                    f"where report_id in (select report_id from load_reports)")
