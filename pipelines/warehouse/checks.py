"""Reading check outcomes back from the warehouse (no Dagster here; the checks wrap these)."""

from __future__ import annotations

from dataclasses import dataclass

import duckdb
import polars as pl

from pipelines.warehouse.sql import load_sql


@dataclass(frozen=True, slots=True)
class RuleOutcome:
    """One rule over all reports: the tally and the failing rows."""

    rule_id: str
    passed: int
    failed: int
    not_assessable: int
    failed_extraction_suspect: int
    reports_failing: int
    failures: pl.DataFrame


def rule_outcome(con: duckdb.DuckDBPyConnection, rule_id: str) -> RuleOutcome:
    tally = con.sql(load_sql("check_tally"), params={"rule_id": rule_id}).fetchall()[0]
    failures = pl.from_arrow(con.sql(load_sql("check_failures"), params={"rule_id": rule_id}).to_arrow_table())
    assert tally is not None
    return RuleOutcome(rule_id, *tally, failures=failures)


def unreconciled(con: duckdb.DuckDBPyConnection) -> tuple[int, int, int, pl.DataFrame]:
    """(files crawled, reports loaded, files quarantined, files in neither or both)."""
    files, loaded, quarantined = con.sql(
        "select (select count(*) from raw_file), (select count(*) from dim_report), "
        "(select count(*) from quarantine)").fetchall()[0]  # type: ignore[misc]
    return files, loaded, quarantined, pl.from_arrow(con.sql(load_sql("reconciliation")).to_arrow_table())
