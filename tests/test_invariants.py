"""The report's own arithmetic: what passes, what fails, what cannot be judged."""

from __future__ import annotations

from pipelines.invariants import evaluate
from pipelines.model import Cell

COLS = ("upheld", "corrected", "other", "pending", "total")


def t4(*values: float | None, unsure: str = "") -> list[Cell]:
    """Row admin_review of table 4; the `unsure` column was read under a fuzzily matched label."""
    return [Cell("t4_review_litigation", "admin_review", c, v, "ok" if v is not None else "blank",
                 label_match="fuzzy" if c == unsure else "exact") for c, v in zip(COLS, values, strict=True)]


def outcome(cells: list[Cell]):
    (o,) = [o for o in evaluate(cells) if o.rule_id == "t4_total"]
    return o


def test_a_total_equal_to_its_parts_passes() -> None:
    o = outcome(t4(1, 0, 2, 0, 3))
    assert (o.status, o.left_value, o.right_value, o.scope) == ("pass", 3, 3, "admin_review")


def test_a_total_unequal_to_its_parts_fails_as_the_agencys_arithmetic() -> None:
    o = outcome(t4(1, 0, 2, 0, 4))
    assert (o.status, o.failure_kind) == ("fail", "agency_arithmetic")


def test_a_blank_counts_as_zero() -> None:
    assert outcome(t4(1, None, 2, None, 3)).status == "pass"


def test_a_blank_total_or_all_blank_parts_cannot_be_judged() -> None:
    assert outcome(t4(1, 0, 2, 0, None)).status == "not_assessable"
    assert outcome(t4(None, None, None, None, 3)).status == "not_assessable"


def test_a_failure_touching_an_unsure_cell_is_reported_as_possibly_ours() -> None:
    o = outcome(t4(1, 0, 2, 0, 4, unsure="other"))
    assert (o.status, o.failure_kind, o.detail) == ("fail", "extraction_suspect",
                                                    "unsure cells: admin_review/other")
