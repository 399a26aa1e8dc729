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
from typing import NamedTuple

from pipelines.templates import invariants

TOLERANCE = 1e-6


class CellFact(NamedTuple):
    """What a rule needs of a cell (a tuple: reports pass hundreds of them)."""

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
        by_table.setdefault(c[0], []).append(c)
    out: list[Outcome] = []
    for rule in _rules():
        sides = rule.sides
        item_at, scope_at = (1, 2) if rule.per_col else (2, 1)
        # scope -> [left sum, right sum, left known, right known, unsure cells]
        acc: dict[str, list] = {}
        for c in by_table.get(rule.table, ()):
            side = sides.get(c[item_at])
            if side is None:
                continue
            a = acc.get(c[scope_at])
            if a is None:
                a = acc[c[scope_at]] = [0.0, 0.0, 0, 0, None]
            if c[3] is not None:
                a[side] += c[3]
                a[2 + side] += 1
            if c[4]:
                a[4] = [*(a[4] or []), f"{c[1]}/{c[2]}"]
        for scope, (left, right, lk, rk, unsure) in sorted(acc.items()):
            status = _status(left, right, assessable=lk > 0 and rk > 0)
            detail = "unsure cells: " + ", ".join(sorted(unsure)) if unsure else None
            out.append(Outcome(rule.rule_id, scope, left, right, status, bool(unsure), detail))
    return out
