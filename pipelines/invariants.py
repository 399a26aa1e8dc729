"""The report's own arithmetic, evaluated for one report (rules are data: invariants.toml).

Evaluated where the report is parsed, so the warehouse only copies the outcomes and a national
corpus is checked in the parse workers, in parallel. The generator uses the same evaluator to
know which rules a number it breaks on purpose will fail.

For each rule and scope (a column for per-column rules, a row for per-row ones): the sums of
both sides, blank counting as 0; `not_assessable` when a side has no number at all; `fail` when
the sides differ. A failure that touches a cell the parser was unsure of (missing, or found by a
fuzzy label match) is `parser_unsure`, else the agency's own arithmetic.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from pipelines.templates import invariants

TOLERANCE = 1e-6


@dataclass(frozen=True, slots=True)
class CellFact:
    """What a rule needs of a cell."""

    table: str
    row: str
    col: str
    value: float | None
    unsure: bool = False


@dataclass(frozen=True, slots=True)
class Outcome:
    rule_id: str
    scope: str
    left_value: float
    right_value: float
    status: str
    suspect: bool
    detail: str | None

    @property
    def failure_kind(self) -> str | None:
        if self.status != "fail":
            return None
        return "parser_unsure" if self.suspect else "agency_arithmetic"


@dataclass(frozen=True, slots=True)
class _Rule:
    rule_id: str
    table: str
    per_col: bool
    sides: dict[str, int]  # item (a row, or a column for per-row rules) -> 0 left, 1 right


@cache
def _rules() -> tuple[_Rule, ...]:
    return tuple(_Rule(r["id"], r["table"], r["per"] == "col",
                       {**dict.fromkeys(r["right"], 1), **dict.fromkeys(r["left"], 0)})
                 for r in invariants()["invariants"])


def _status(left: float, right: float, *, assessable: bool) -> str:
    if not assessable:
        return "not_assessable"
    return "pass" if abs(left - right) < TOLERANCE else "fail"


def evaluate(cells: Iterable[CellFact]) -> list[Outcome]:
    """Every per-report rule over every scope the report's cells give it."""
    by_table: dict[str, list[CellFact]] = {}
    for c in cells:
        by_table.setdefault(c.table, []).append(c)
    out: list[Outcome] = []
    for rule in _rules():
        # scope -> [left sum, right sum, left known, right known, suspect, unsure cells]
        acc: dict[str, list] = {}
        sides = rule.sides
        for c in by_table.get(rule.table, ()):
            item, scope = (c.row, c.col) if rule.per_col else (c.col, c.row)
            side = sides.get(item)
            if side is None:
                continue
            a = acc.setdefault(scope, [0.0, 0.0, 0, 0, False, []])
            if c.value is not None:
                a[side] += c.value
                a[2 + side] += 1
            if c.unsure:
                a[4] = True
                a[5].append(f"{c.row}/{c.col}")
        for scope, (left, right, lk, rk, suspect, unsure) in sorted(acc.items()):
            status = _status(left, right, assessable=lk > 0 and rk > 0)
            detail = "unsure cells: " + ", ".join(sorted(unsure)) if unsure else None
            out.append(Outcome(rule.rule_id, scope, left, right, status, suspect, detail))
    return out
