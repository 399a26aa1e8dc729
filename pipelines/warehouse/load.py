"""Load the DuckDB warehouse from the staged Parquet and the parse cache, then swap it in.

The database is written as a new file and moved over the old one with `os.replace`: an analyst
holding the old file open keeps reading it undisturbed (DuckDB would otherwise make a reader lock
out the writer), and a load that fails halfway leaves the old file whole. The new file has a name
no other run can pick, so two loads at once never write the same file; the last to finish wins,
and each is a whole warehouse.

A run loads only what changed. The new file starts as a copy of the previous warehouse; rows of
reports no longer in the raw folder (removed, or changed: a new content is a new report id) are
deleted, and only the reports new to the warehouse are read from the parse cache and inserted.
Small tables (dimensions, quarantine, the crawl) are rebuilt whole. When the SQL, the forms or the
rules change, or there is no previous warehouse, everything is loaded afresh. Every statement is a
file in `pipelines/sql/`; values reach them as bound parameters.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import duckdb
import polars as pl

from pipelines.config import DB_NAME
from pipelines.sql import load_sql, sql_texts
from pipelines.staging.assemble import HISTORY_FILE, QUARANTINE_FILE, REPORTS_FILE, connect, staged_report_ids
from pipelines.staging.crawl import CRAWL_FILE
from pipelines.staging.parse_cache import cached_rows, owning_batches
from pipelines.storage import Store, store_of, temp_beside
from pipelines.templates import deadline_parameters, rules
from pipelines.warehouse.corrected import apply_corrections
from pipelines.warehouse.model_tables import chains_frame, divisions_frame, items_frame, rules_frame, series_frame

# Staged Parquet files (in the lake) and the view each becomes while loading.
STAGED = {"stg_raw_files": CRAWL_FILE, "stg_reports": REPORTS_FILE, "stg_quarantine": QUARANTINE_FILE,
          "stg_history": HISTORY_FILE}
# Per-report rows read from the parse cache, for the reports being loaded only.
FROM_CACHE = {"stg_cells": "cells", "stg_sections": "sections", "stg_warnings": "warnings",
              "stg_readings": "readings", "stg_checks": "checks"}
# Small tables, rebuilt whole on every load, in order (each is `<name>.sql`); the bound parameters
# of those that take any.
WHOLE = ("raw_file", "dim_division", "dim_agency", "agency_alias", "dim_report", "dim_item", "dim_applicant",
         "dim_rule", "series_mapping", "quarantine", "report_version")
WHOLE_PARAMETERS = {"dim_report": deadline_parameters}
# Tables with rows per report, and the statement that selects them: rows of removed reports are
# deleted (forget_removed_reports.sql), new reports' rows inserted.
PER_REPORT = {
    "fact_active_disclosure": "fact_active_disclosure", "fact_request": "fact_request",
    "fact_review_litigation": "fact_review_litigation", "report_text": "report_text",
    "parse_warning": "parse_warning", "table_reading": "table_reading", "check_result": "check_within",
}
# Rebuilt whole after the facts, from them.
FROM_FACTS = ("report_change", "series_value")
# Made by the corrections step (warehouse/corrected.py), after the facts.
CORRECTIONS = ("correction_log", "review_log")
TABLES = (*WHOLE, *PER_REPORT, *CORRECTIONS, *FROM_FACTS)
VIEWS = ("v_report_summary", "v_agency_year", "v_cell", "v_series", "v_region_year", "v_review_queue")


@dataclass(frozen=True, slots=True)
class LoadResult:
    path: Path
    row_counts: dict[str, int]
    mode: str
    reports_added: int
    reports_removed: int
    seconds: dict[str, float]  # time spent on each statement, for the benchmark


def schema_version() -> str:
    """Changes whenever any SQL file, form or rule does: the previous warehouse is then not reused."""
    h = hashlib.sha256()
    for name, text in sql_texts().items():
        h.update(name.encode() + text.encode())
    h.update(items_frame().write_json().encode())
    h.update(rules_frame().write_json().encode() + repr(rules().sql_parameters()).encode())
    h.update(divisions_frame().write_json().encode() + repr(deadline_parameters()).encode())
    h.update(series_frame().write_json().encode())
    return h.hexdigest()[:16]


def _previous_reports(target: Path, version: str) -> set[str] | None:
    """Report ids in the previous warehouse, or None when it cannot be built upon."""
    if not target.exists():
        return None
    try:
        with duckdb.connect(str(target), read_only=True) as con:
            (v,) = con.sql(load_sql("previous_load_state")).fetchall()[0]
            if v != version:
                return None
            return set(con.table("dim_report").select("report_id").pl()["report_id"].to_list())
    except duckdb.Error:
        return None


def build(warehouse_dir: Path, corrections_dir: Path | None = None, *, lake: Store | str | None = None,
          full: bool = False) -> LoadResult:
    """Load the warehouse (incrementally when the previous one allows) from the lake (default: the
    warehouse folder itself), apply the reviewers' corrections (`corrections_dir`, default beside
    the warehouse folder) and swap it in. The DuckDB file is always written on this machine, in
    `warehouse_dir`; a lake elsewhere (`s3://...`) gets a copy of it after the swap."""
    corrections_dir = corrections_dir or warehouse_dir.parent / "corrections"
    lake = store_of(lake or warehouse_dir)
    target = warehouse_dir / DB_NAME
    tmp = temp_beside(target)
    version = schema_version()
    current = staged_report_ids(lake)
    previous = None if full else _previous_reports(target, version)
    seconds: dict[str, float] = {}

    def timed(label: str, step: Callable[[], object]) -> None:
        t = time.perf_counter()
        step()
        seconds[label] = seconds.get(label, 0.0) + time.perf_counter() - t

    added = current - (previous or set())
    removed = (previous or set()) - current
    try:  # whatever fails, the half-made file goes and the warehouse in place stays
        if previous is not None:
            timed("copy previous", lambda: shutil.copyfile(target, tmp))
        with connect(str(tmp)) as con:
            _register(con, lake, added, removed)
            params = rules().sql_parameters()
            if previous is not None:
                timed("forget removed reports", lambda: con.execute(load_sql("forget_removed_reports")))
                timed("drop whole tables", lambda: con.execute(load_sql("drop_whole_tables")))
            for name in WHOLE:
                bound = WHOLE_PARAMETERS[name]() if name in WHOLE_PARAMETERS else None
                timed(name, lambda name=name, bound=bound: con.sql(load_sql(name), params=bound).create(name))
            for table, statement in PER_REPORT.items():
                rows = con.sql(load_sql(statement))
                timed(table, lambda rows=rows, table=table: rows.insert_into(table) if previous is not None
                      else rows.create(table))
            con.execute(load_sql("v_cell"))  # the facts in one shape, for what follows
            timed("corrections", lambda: apply_corrections(con, corrections_dir))
            timed("carry_chain", lambda: con.sql(load_sql("check_chain"), params=params).insert_into("check_result"))
            for name in FROM_FACTS:
                timed(name, lambda name=name: con.sql(load_sql(name)).create(name))
            con.execute(load_sql("macros"))
            for view in VIEWS:
                timed(view, lambda view=view: con.execute(load_sql(view)))
            timed("comments", lambda: con.execute(load_sql("comments")))
            con.execute(load_sql("load_state"), {"version": version})
            con.execute(load_sql("load_state_comment"))
            counts = {t: con.table(t).count("*").fetchall()[0][0] for t in TABLES}
            timed("checkpoint", con.checkpoint)
        os.replace(tmp, target)
    finally:
        for leftover in (tmp, tmp.with_name(tmp.name + ".wal")):
            leftover.unlink(missing_ok=True)
    if lake != store_of(warehouse_dir):
        timed("copy to the lake", lambda: lake.put_file(target, DB_NAME))
    return LoadResult(target, counts, "full" if previous is None else "incremental", len(added), len(removed),
                      seconds)


def _register(con: duckdb.DuckDBPyConnection, lake: Store, added: set[str], removed: set[str]) -> None:
    """The temporary views the statements read: staged Parquet, the forms and rules, and the
    cached rows of the reports being added (gone when the connection closes)."""
    lake.register(con)
    for view, rel in STAGED.items():
        con.register(view, con.read_parquet(lake.uri(rel)))
    removed_frame = pl.DataFrame({"report_id": sorted(removed)}, schema={"report_id": pl.String})
    for name, frame in (("stg_items", items_frame()), ("stg_rules", rules_frame()), ("stg_chains", chains_frame()),
                        ("stg_divisions", divisions_frame()), ("stg_series", series_frame()),
                        ("removed_reports", removed_frame)):
        con.register(name, frame.to_arrow())
    owners = owning_batches(lake, added)
    for view, table in FROM_CACHE.items():
        con.register(view, cached_rows(con, lake, table, owners))
    con.register("stg_fact_cells", con.sql(load_sql("stg_fact_cells")))
