"""Asset checks on the warehouse: the reports' own arithmetic, and reconciliation.

Severity (the README says why): reconciliation is ERROR, since a file neither loaded nor
quarantined is data lost by the pipeline. An arithmetic rule is WARN when its failures are
the agencies' own arithmetic (numbers read right that do not add up: a fact about the data),
and ERROR when a failure touches a cell the parser was unsure of, since that may be our misread.
"""


import dagster as dg
import duckdb

from pipelines.defs.metadata import markdown_table
from pipelines.defs.resources import WarehousePaths
from pipelines.defs.warehouse import warehouse
from pipelines.templates import invariants
from pipelines.warehouse.checks import RuleOutcome, rule_outcome, unreconciled
from pipelines.warehouse.load import DB_NAME

FAILURES_SHOWN = 50


def _connect(paths: WarehousePaths) -> duckdb.DuckDBPyConnection:
    return duckdb.connect(str(paths.warehouse / DB_NAME), read_only=True)


def invariant_result(outcome: RuleOutcome) -> dg.AssetCheckResult:
    """Pass when no scope of any report fails; the failures, both sides shown, in metadata."""
    severity = dg.AssetCheckSeverity.ERROR if outcome.failed_extraction_suspect else dg.AssetCheckSeverity.WARN
    shown = outcome.failures.head(FAILURES_SHOWN)
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
            "failures": dg.MetadataValue.md(markdown_table(shown, FAILURES_SHOWN) if shown.height else "(none)"),
        },
    )


def _rules() -> list[tuple[str, str]]:
    inv = invariants()
    return [(r["id"], r["description"]) for r in (*inv["invariants"], *inv["chains"])]


def _invariant_check(rule_id: str, description: str) -> dg.AssetChecksDefinition:
    @dg.asset_check(asset=warehouse, name=rule_id, description=description)
    def _check(paths: WarehousePaths) -> dg.AssetCheckResult:
        with _connect(paths) as con:
            return invariant_result(rule_outcome(con, rule_id))

    return _check


invariant_checks = [_invariant_check(rule_id, description) for rule_id, description in _rules()]


def reconciliation_result(files: int, loaded: int, quarantined: int, problems) -> dg.AssetCheckResult:
    return dg.AssetCheckResult(
        check_name="reconciliation",
        passed=problems.height == 0 and files == loaded + quarantined,
        severity=dg.AssetCheckSeverity.ERROR,
        metadata={
            "files_crawled": dg.MetadataValue.int(files),
            "reports_loaded": dg.MetadataValue.int(loaded),
            "files_quarantined": dg.MetadataValue.int(quarantined),
            "unreconciled": dg.MetadataValue.md(markdown_table(problems, FAILURES_SHOWN) if problems.height
                                                else "(none)"),
        },
    )


@dg.asset_check(asset=warehouse, description="Files crawled = reports loaded + files quarantined.")
def reconciliation(paths: WarehousePaths) -> dg.AssetCheckResult:
    with _connect(paths) as con:
        return reconciliation_result(*unreconciled(con))
