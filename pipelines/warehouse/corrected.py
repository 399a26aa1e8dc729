"""Apply the reviewers' corrections in a load, evaluate the corrected reports' rules again, and
load the reviews (`review_log`, read by the review queue `v_review_queue`).

The fact tables are loaded as parsed; this step sets every corrected cell back to its parsed
value, logs every correction ever made with what became of it (`correction_log`), applies those
that still hold, and evaluates the per-report rules of every report whose cells changed either
way on the values now in the facts, replacing their outcomes in `check_result` (whose detail then
says which values were corrected). A corrected cell is sure: a reviewer read it.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import duckdb
import polars as pl

from pipelines.invariants import Outcome, evaluate
from pipelines.model import Cell
from pipelines.sql import load_sql
from pipelines.warehouse.corrections import read_corrections, read_reviews

CHECK_COLUMNS = list(Outcome._fields)


def _corrected_reports(con: duckdb.DuckDBPyConnection) -> set[str]:
    return {r for (r,) in con.sql(load_sql("corrected_reports")).fetchall()}


def apply_corrections(con: duckdb.DuckDBPyConnection, corrections_dir: Path) -> int:
    """Apply the corrections to the loaded facts and load the reviews; returns how many
    corrections were applied."""
    con.register("stg_corrections", read_corrections(corrections_dir).to_arrow())
    con.register("stg_reviews", read_reviews(corrections_dir).to_arrow())
    con.sql(load_sql("review_log")).create("review_log")
    touched = _corrected_reports(con)
    con.execute(load_sql("reset_corrections"))
    con.sql(load_sql("correction_log")).create("correction_log")
    con.execute(load_sql("apply_corrections"))
    touched |= _corrected_reports(con)
    if touched:
        _evaluate_again(con, touched)
    (applied,) = con.sql(load_sql("corrections_applied")).fetchall()[0]
    return applied


def _evaluate_again(con: duckdb.DuckDBPyConnection, reports: set[str]) -> None:
    con.register("stg_rule_reports", pl.DataFrame({"report_id": sorted(reports)}).to_arrow())
    disputed: dict[str, set[tuple[str, str, str]]] = defaultdict(set)
    for report_id, cell in con.sql(load_sql("rule_disputed")).fetchall():
        table, row, col = cell.split("/")
        disputed[report_id].add((table, row, col))
    cells: dict[str, list[Cell]] = defaultdict(list)
    corrected: dict[str, set[tuple[str, str, str]]] = defaultdict(set)
    for report_id, table, row, col, value, status, label_match, source in con.sql(load_sql("rule_cells")).fetchall():
        sure = source == "corrected"
        cells[report_id].append(Cell(table, row, col, value, status, label_match="exact" if sure else label_match))
        if sure:
            corrected[report_id].add((table, row, col))
    rows = []
    for report_id, report_cells in cells.items():
        sure_cells = corrected[report_id]
        note = ("evaluated on corrected values: " + ", ".join(sorted("/".join(k) for k in sure_cells))
                if sure_cells else None)
        for o in evaluate(report_cells, disputed[report_id] - sure_cells):
            detail = "; ".join(d for d in (o.detail, note) if d) or None
            rows.append((report_id, *o._replace(detail=detail)))
    con.execute(load_sql("forget_rules_of_reports"))
    if rows:
        frame = pl.DataFrame(rows, schema=["report_id", *CHECK_COLUMNS], orient="row")
        con.register("stg_rule_outcomes", frame.to_arrow())
        con.execute(load_sql("insert_rule_outcomes"))
