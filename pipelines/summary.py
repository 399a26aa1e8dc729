"""`python -m pipelines.summary`: what the last run left in the warehouse, in a few lines."""

from __future__ import annotations

import sys
from pathlib import Path

import duckdb

from pipelines.config import data_paths
from pipelines.sql import load_sql


def summary(db: Path) -> str:
    with duckdb.connect(str(db), read_only=True) as con:
        files, reports, kept, quarantined, cells, missing = con.sql(load_sql("run_summary")).fetchall()[0]  # type: ignore[misc]
        rules = con.sql(load_sql("run_summary_checks")).fetchall()
        reasons = con.sql(load_sql("run_summary_quarantine")).fetchall()
    lines = [f"warehouse: {db}",
             f"files crawled: {files}; reports loaded: {reports}; quarantined: {quarantined}"
             + (f"; earlier versions kept: {kept}" if kept else ""),
             f"cells: {cells} ({missing} missing)",
             "checks (scopes passed / failed / not assessable):"]
    lines += [f"  {rule:<18} {p:>6} / {f:>4} / {n:>4}" + ("  FAILED" if f else "") for rule, p, f, n in rules]
    lines += [f"  quarantined {name}: {reason}" for name, reason in reasons]
    return "\n".join(lines)


def main() -> int:
    db = data_paths().database
    if not db.exists():
        print(f"no warehouse at {db}: run `make run` first", file=sys.stderr)
        return 1
    print(summary(db))
    return 0


if __name__ == "__main__":
    sys.exit(main())
