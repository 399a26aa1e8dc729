"""Asset checks, each on the table it guards: the reports' own arithmetic on the fact tables,
reconciliation on the quarantine, keys and grain on the dimensions and facts.

Severity (the README says why): an agency not placed in its division is WARN (the report is
loaded and counted; only where it lies is unknown); reconciliation and the key checks are ERROR, since a file
neither loaded nor quarantined, or a row without its report, is data lost or made up by the
pipeline. An arithmetic rule is WARN when its failures are the agencies' own arithmetic (numbers
read right that do not add up: a fact about the data), and ERROR when a failure touches a cell
the parser was unsure of, since that may be our misread.
"""

import dagster as dg
import polars as pl

from pipelines.defs.metadata import markdown_table
from pipelines.defs.resources import WarehousePaths
from pipelines.templates import prose_rule, rules
from pipelines.warehouse.checks import (
    FACT_OF_TABLE,
    FACT_TABLES,
    Reconciliation,
    RuleOutcome,
    duplicate_report_ids,
    orphan_rows,
    read_warehouse,
    reconcile,
    repeated_cells,
    rule_outcome,
    unplaced_agencies,
)

FAILURES_SHOWN = 50


def _listing(df: pl.DataFrame) -> dg.MetadataValue:
    return dg.MetadataValue.md(markdown_table(df, FAILURES_SHOWN) if df.height else "(none)")


def invariant_result(outcome: RuleOutcome) -> dg.AssetCheckResult:
    """Pass when no scope of any report fails; the failures, both sides shown, in metadata."""
    severity = dg.AssetCheckSeverity.ERROR if outcome.failed_extraction_suspect else dg.AssetCheckSeverity.WARN
    return dg.AssetCheckResult(
        check_name=outcome.rule_id,
        passed=outcome.failed == 0,
        severity=severity,
        metadata={
            "scopes_passed": dg.MetadataValue.int(outcome.passed),
            "scopes_failed": dg.MetadataValue.int(outcome.failed),
            "scopes_not_assessable": dg.MetadataValue.int(outcome.not_assessable),
            "failed_extraction_suspect": dg.MetadataValue.int(outcome.failed_extraction_suspect),
            "reports_failing": dg.MetadataValue.int(outcome.reports_failing),
            "failing_reports": dg.MetadataValue.json(sorted(set(outcome.failures["source_name"].to_list()))),
            "failures": _listing(outcome.failures.head(FAILURES_SHOWN)),
        },
    )


def _invariant_check(rule_id: str, fact_table: str, description: str) -> dg.AssetChecksDefinition:
    @dg.asset_check(asset=fact_table, name=rule_id, description=description, additional_deps=["check_result"])
    def _check(paths: WarehousePaths) -> dg.AssetCheckResult:
        with read_warehouse(paths.database) as con:
            return invariant_result(rule_outcome(con, rule_id))

    return _check


invariant_checks = [
    *(_invariant_check(rule.rule_id, FACT_OF_TABLE[rule.table], rule.description)
      for rule in (*rules().within, *rules().chains)),
    _invariant_check(prose_rule()["rule_id"], FACT_OF_TABLE[prose_rule()["table"]], prose_rule()["description"]),
]


def reconciliation_result(rec: Reconciliation) -> dg.AssetCheckResult:
    return dg.AssetCheckResult(
        check_name="reconciliation",
        passed=rec.passed,
        severity=dg.AssetCheckSeverity.ERROR,
        metadata={
            "files_crawled": dg.MetadataValue.int(rec.files),
            "reports_loaded": dg.MetadataValue.int(rec.loaded),
            "files_quarantined": dg.MetadataValue.int(rec.quarantined),
            "unreconciled": _listing(rec.problems),
        },
    )


@dg.asset_check(asset="quarantine", additional_deps=["raw_file", "dim_report"],
                description="Files crawled = reports loaded + files quarantined; none in both.")
def reconciliation(paths: WarehousePaths) -> dg.AssetCheckResult:
    with read_warehouse(paths.database) as con:
        return reconciliation_result(reconcile(con))


def key_result(check_name: str, problems: pl.DataFrame) -> dg.AssetCheckResult:
    """ERROR when any row breaks the key: a join on it would drop or double rows."""
    return dg.AssetCheckResult(
        check_name=check_name, passed=problems.height == 0, severity=dg.AssetCheckSeverity.ERROR,
        metadata={"rows_breaking_the_key": dg.MetadataValue.int(problems.height), "rows": _listing(problems)})


@dg.asset_check(asset="dim_report", description="Each report_id is one row of dim_report.")
def unique_report_id(paths: WarehousePaths) -> dg.AssetCheckResult:
    with read_warehouse(paths.database) as con:
        return key_result("unique_report_id", duplicate_report_ids(con))


def _key_checks(fact_table: str) -> list[dg.AssetChecksDefinition]:
    dims = ["dim_report", "dim_item", *(["dim_applicant"] if fact_table == "fact_request" else [])]

    @dg.asset_check(asset=fact_table, name="keys_exist", additional_deps=dims,
                    description=f"Every row's report, cell of the form{' and applicant' * (len(dims) > 2)} "
                                "exist in their dimensions.")
    def keys_exist(paths: WarehousePaths) -> dg.AssetCheckResult:
        with read_warehouse(paths.database) as con:
            return key_result("keys_exist", orphan_rows(con, fact_table))

    @dg.asset_check(asset=fact_table, name="one_row_per_cell",
                    description="One row per report and cell of the form (report, row, column).")
    def one_row_per_cell(paths: WarehousePaths) -> dg.AssetCheckResult:
        with read_warehouse(paths.database) as con:
            return key_result("one_row_per_cell", repeated_cells(con, fact_table))

    return [keys_exist, one_row_per_cell]


key_checks = [check for fact in FACT_TABLES for check in _key_checks(fact)]


def unplaced_result(unplaced: pl.DataFrame) -> dg.AssetCheckResult:
    """WARN for every current report whose agency is not placed in a division, with the reason."""
    return dg.AssetCheckResult(
        check_name="agency_placed", passed=unplaced.height == 0, severity=dg.AssetCheckSeverity.WARN,
        metadata={"reports_unplaced": dg.MetadataValue.int(unplaced.height), "reports": _listing(unplaced)})


@dg.asset_check(asset="dim_agency", name="agency_placed", additional_deps=["dim_report"],
                description="Every report's agency is placed in its administrative division (a name several "
                            "divisions share, or one with no division in it, is left unplaced, never guessed).")
def agency_placed(paths: WarehousePaths) -> dg.AssetCheckResult:
    with read_warehouse(paths.database) as con:
        return unplaced_result(unplaced_agencies(con))
