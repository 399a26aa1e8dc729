"""Reading check outcomes back from the warehouse (no Dagster here; the asset checks wrap these)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import duckdb
import polars as pl

from pipelines.sql import load_sql
from pipelines.templates import rules

# The fact tables, one per standard table of the form, and the table each holds.
FACT_OF_TABLE = {"t2_active": "fact_active_disclosure", "t3_requests": "fact_request",
                 "t4_review_litigation": "fact_review_litigation"}
FACT_TABLES = tuple(FACT_OF_TABLE.values())


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


def read_warehouse(database: Path) -> duckdb.DuckDBPyConnection:
    """A read-only connection to the warehouse (default settings, so that it can share the
    database with any other connection of the same process, an analyst's included)."""
    return duckdb.connect(str(database), read_only=True)


def as_frame(rel: duckdb.DuckDBPyRelation) -> pl.DataFrame:
    """A query's rows as a Polars frame."""
    return pl.from_arrow(rel.to_arrow_table())  # type: ignore[return-value]


def rule_outcome(con: duckdb.DuckDBPyConnection, rule_id: str) -> RuleOutcome:
    tally = con.sql(load_sql("check_tally"), params={"rule_id": rule_id,
                                                     "failure_unsure": rules().failure_unsure}).fetchall()[0]
    failures = as_frame(con.sql(load_sql("check_failures"), params={"rule_id": rule_id}))
    return RuleOutcome(rule_id, *tally, failures=failures)


@dataclass(frozen=True, slots=True)
class Reconciliation:
    files: int
    loaded: int
    quarantined: int
    problems: pl.DataFrame  # files in neither the reports nor the quarantine, or in both

    @property
    def passed(self) -> bool:
        return self.problems.height == 0 and self.files == self.loaded + self.quarantined


def reconcile(con: duckdb.DuckDBPyConnection) -> Reconciliation:
    files, loaded, quarantined = con.sql(load_sql("check_counts")).fetchall()[0]
    return Reconciliation(files, loaded, quarantined, as_frame(con.sql(load_sql("reconciliation"))))


def duplicate_report_ids(con: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    """Report ids held by more than one row of dim_report (should be none)."""
    return as_frame(con.sql(load_sql("check_unique_report")))


def orphan_rows(con: duckdb.DuckDBPyConnection, fact_table: str) -> pl.DataFrame:
    """Rows of a fact table whose report, cell of the form or applicant is not in its dimension."""
    if fact_table not in FACT_TABLES:
        raise ValueError(f"not a fact table: {fact_table}")
    orphans = as_frame(con.sql(load_sql("check_fact_keys"), params={"fact_table": fact_table}))
    if fact_table == "fact_request":
        orphans = pl.concat([orphans, as_frame(con.sql(load_sql("check_applicant_keys")))])
    return orphans


def repeated_cells(con: duckdb.DuckDBPyConnection, fact_table: str) -> pl.DataFrame:
    """(report, cell) pairs a fact table holds more than once (its grain is one row each)."""
    if fact_table not in FACT_TABLES:
        raise ValueError(f"not a fact table: {fact_table}")
    return as_frame(con.sql(load_sql("check_fact_grain"), params={"fact_table": fact_table}))


def unplaced_agencies(con: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    """Current reports whose agency is not placed in an administrative division, and why."""
    return as_frame(con.sql(load_sql("check_agency_unplaced")))


def agency_resolution_counts(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """Agencies resolved, ambiguous and unknown."""
    rel = con.sql(load_sql("agency_resolution_counts"))
    return dict(zip(rel.columns, rel.fetchall()[0], strict=True))
