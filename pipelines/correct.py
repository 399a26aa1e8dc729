"""`python -m pipelines.correct`: correct a cell a report prints differently from what was parsed,
mark a report reviewed, or list the corrections and what became of them.

    python -m pipelines.correct cell REPORT TABLE/ROW/COL VALUE --by NAME --why TEXT
    python -m pipelines.correct review REPORT --by NAME [--note TEXT]
    python -m pipelines.correct list

REPORT is a report id, the file's SHA-256, its name or its path under the raw folder; VALUE a
number as the report prints it (money in 万元) or `blank`. The key and the value are checked
against the warehouse before anything is written; the correction is recorded against the
report's content and the value parsed now, and the next run (`make run`) applies it.
"""

from __future__ import annotations

import argparse
import sys

import duckdb

from pipelines.config import data_paths
from pipelines.sql import load_sql
from pipelines.warehouse.corrections import Correction, Review, add_correction, add_review, now


class CorrectionError(ValueError):
    """A correction or review that names no report or cell, or a value that is not one."""


def find_report(con: duckdb.DuckDBPyConnection, key: str) -> tuple[str, str, str]:
    """(report id, content hash, path) of the one current report `key` names."""
    found = con.sql(load_sql("find_report"), params={"key": key}).fetchall()
    if not found:
        raise CorrectionError(f"no report in the warehouse is {key!r} (a report id, SHA-256, file name or path)")
    if len(found) > 1:
        raise CorrectionError(f"{key!r} names {len(found)} reports: give its report id or SHA-256")
    report_id, sha256, path, _, _ = found[0]
    return report_id, sha256, path


def parse_value(text: str) -> float | None:
    """A value as typed: a number (thousands separators allowed) or `blank`."""
    if text.strip().lower() == "blank":
        return None
    try:
        value = float(text.replace(",", "").strip())
    except ValueError:
        raise CorrectionError(f"{text!r} is not a number (or `blank`)") from None
    if value < 0:
        raise CorrectionError(f"{text!r}: the report's cells are never negative")
    return value


def correct_cell(con: duckdb.DuckDBPyConnection, report: str, cell: str, value: str, by: str,
                 why: str) -> Correction:
    """The correction of one cell, checked against the warehouse (not yet recorded)."""
    if not by.strip() or not why.strip():
        raise CorrectionError("say who corrects and why (--by, --why)")
    report_id, sha256, _ = find_report(con, report)
    parts = cell.split("/")
    if len(parts) != 3:
        raise CorrectionError(f"{cell!r}: name the cell as TABLE/ROW/COLUMN (t3_requests/new_received/total)")
    table, row, col = parts
    found = con.sql(load_sql("find_cell"), params={"report_id": report_id, "table_code": table,
                                                   "row_code": row, "col_code": col}).fetchall()
    if not found:
        raise CorrectionError(f"report {report_id} has no cell {cell} (its form's cells: dim_item)")
    parsed_value, _, _, _ = found[0]
    return Correction(sha256, table, row, col, parse_value(value), parsed_value, by.strip(), now(), why.strip())


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m pipelines.correct", description=__doc__.splitlines()[0])
    sub = ap.add_subparsers(dest="command", required=True)
    cell = sub.add_parser("cell", help="correct one cell of one report")
    cell.add_argument("report")
    cell.add_argument("cell", help="TABLE/ROW/COLUMN, e.g. t3_requests/new_received/total")
    cell.add_argument("value", help="the number the report prints, or `blank`")
    cell.add_argument("--by", required=True, help="who corrects")
    cell.add_argument("--why", required=True, help="why: what the report shows")
    review = sub.add_parser("review", help="mark a report reviewed")
    review.add_argument("report")
    review.add_argument("--by", required=True)
    review.add_argument("--note", default="")
    sub.add_parser("list", help="the corrections, as the last run applied them")
    args = ap.parse_args(argv)
    paths = data_paths()
    if not paths.database.exists():
        print(f"no warehouse at {paths.database}: run `make run` first", file=sys.stderr)
        return 1
    try:
        with duckdb.connect(str(paths.database), read_only=True) as con:
            if args.command == "list":
                print(con.sql(load_sql("list_corrections")))
                return 0
            if args.command == "cell":
                correction = correct_cell(con, args.report, args.cell, args.value, args.by, args.why)
            else:
                _, sha256, path = find_report(con, args.report)
                if not args.by.strip():
                    raise CorrectionError("say who reviewed (--by)")
    except CorrectionError as exc:
        print(f"not recorded: {exc}", file=sys.stderr)
        return 2
    if args.command == "cell":
        add_correction(paths.corrections, correction)
        print(f"recorded in {paths.corrections}: {args.cell} = {args.value} (parsed: {correction.parsed_value}); "
              "`make run` applies it")
    else:
        add_review(paths.corrections, Review(sha256, args.by.strip(), now(), args.note.strip()))
        print(f"recorded in {paths.corrections}: {path} reviewed; `make run` takes it off the review queue")
    return 0


if __name__ == "__main__":
    sys.exit(main())
