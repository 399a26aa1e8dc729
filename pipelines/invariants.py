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

from pipelines.model import Cell
from pipelines.templates import invariants

TOLERANCE = 1e-6


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


# (table, row, col) -> the ((rule, scope), side) sums the cell adds to; filled as cells are met
_Targets = tuple[tuple[tuple[int, str], int], ...]
_PLAN: dict[tuple[str, str, str], _Targets] = {}


def _targets(key: tuple[str, str, str]) -> _Targets:
    table, row, col = key
    out = []
    for k, rule in enumerate(_rules()):
        if rule.table == table:
            item, scope = (row, col) if rule.per_col else (col, row)
            side = rule.sides.get(item)
            if side is not None:
                out.append(((k, scope), side))
    return _PLAN.setdefault(key, tuple(out))


def is_unsure(cell: Cell) -> bool:
    """A cell the parser may have got wrong: not printed where expected, or under a label it
    matched only fuzzily."""
    return cell.status == "missing" or cell.label_match == "fuzzy"


def evaluate(cells: Iterable[Cell]) -> list[Outcome]:
    """Every per-report rule over every scope the report's cells give it: one pass over the
    cells, each adding to the sums of the rules it takes part in."""
    # (rule, scope) -> [left sum, right sum, left known, right known, unsure cells]
    acc: dict[tuple[int, str], list] = {}
    for c in cells:
        targets = _PLAN.get(c[:3])
        if targets is None:
            targets = _targets(c[:3])
        if not targets:
            continue
        value, unsure = c.value, is_unsure(c)
        for slot, side in targets:
            a = acc.get(slot)
            if a is None:
                a = acc[slot] = [0.0, 0.0, 0, 0, None]
            if value is not None:
                a[side] += value
                a[2 + side] += 1
            if unsure:
                a[4] = [*(a[4] or []), f"{c.row}/{c.col}"]
    rules = _rules()
    out: list[Outcome] = []
    for (k, scope), (left, right, lk, rk, unsure) in sorted(acc.items()):
        status = _status(left, right, assessable=lk > 0 and rk > 0)
        detail = "unsure cells: " + ", ".join(sorted(unsure)) if unsure else None
        out.append(Outcome(rules[k].rule_id, scope, left, right, status, bool(unsure), detail))
    return out
