"""The report's own arithmetic, evaluated for one report (the rules are data: invariants.toml).

Evaluated where the report is parsed, so the warehouse only copies the outcomes and a national
corpus is checked in the parse workers, in parallel. The generator uses the same evaluator to
know which rules a number it breaks on purpose will fail.

For each rule and scope (a column for per-column rules, a row for per-row ones): the sums of
both sides, blank counting as 0; `not_assessable` when a side has no number at all; `fail` when
the sides differ by the tolerance or more. A failure is the agency's own arithmetic only when
every cell under it was read with full confidence; one that touches a cell the parser was unsure
of (missing, found by a fuzzy label match, or disputed by another reading of the table that
satisfies the rule) is blamed on the extraction: the warehouse never blames an agency for a misread.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from functools import cache
from typing import NamedTuple

from pipelines.model import Cell
from pipelines.templates import Rule, Rules, rules


class Outcome(NamedTuple):  # a row of the parse cache's checks table, in its column order
    """One rule over one scope of one report."""

    rule_id: str
    scope: str
    left_value: float
    right_value: float
    difference: float
    status: str
    suspect: bool
    failure_kind: str | None
    detail: str | None


def _is_unsure(cell: Cell, disputed: Collection[tuple[str, str, str]]) -> bool:
    return cell.status == "missing" or cell.label_match == "fuzzy" or (bool(disputed) and cell.key in disputed)


@cache  # read once per process: every rule of every table, for `_places`
def _rule_sides() -> tuple[tuple[Rule, dict[str, int]], ...]:
    """Each rule with the side (0 left, 1 right) of each of its items."""
    return tuple((rule, {**dict.fromkeys(rule.right, 1), **dict.fromkeys(rule.left, 0)}) for rule in rules().within)


@cache  # the same few hundred cells in every report, worked out once each (measured: 1.75 -> 1.95 ms a report without)
def _places(table: str, row: str, col: str) -> tuple[tuple[tuple[int, str], int], ...]:
    """Where one cell adds up: ((the rule's place in the rules' order, scope), side) for each rule."""
    out = []
    for order, (rule, side_of) in enumerate(_rule_sides()):
        if rule.table == table:
            item, scope = (row, col) if rule.per_col else (col, row)
            if item in side_of:
                out.append(((order, scope), side_of[item]))
    return tuple(out)


class _Scope(NamedTuple):
    """The cells one rule adds up over one scope: its two sides, and those the parser was unsure of."""

    left: list[Cell]
    right: list[Cell]
    unsure: list[Cell]


def _total(cells: list[Cell]) -> float | None:
    """The sum of a side, blank counting as 0; None when no cell of it holds a number."""
    values = [c.value for c in cells if c.value is not None]
    return float(sum(values)) if values else None


def _outcome(settings: Rules, rule: Rule, scope: str, cells: _Scope) -> Outcome:
    left_sum, right_sum = _total(cells.left), _total(cells.right)
    if left_sum is None or right_sum is None:
        status = "not_assessable"
    else:
        status = "pass" if abs(left_sum - right_sum) < settings.tolerance else "fail"
    left_sum, right_sum = left_sum or 0.0, right_sum or 0.0
    unsure = bool(cells.unsure)
    kind = settings.failure_kind(unsure=unsure) if status == "fail" else None
    detail = "unsure cells: " + ", ".join(sorted(f"{c.row}/{c.col}" for c in cells.unsure)) if unsure else None
    return Outcome(rule.rule_id, scope, left_sum, right_sum, left_sum - right_sum, status, unsure, kind, detail)


def evaluate(cells: Iterable[Cell], disputed: Collection[tuple[str, str, str]] = ()) -> list[Outcome]:
    """Every per-report rule over every scope of the report's cells, in the rules' order. One
    pass puts each cell on its side of each rule it takes part in; then each scope is summed.
    `disputed` cells (table, row, col) are ones another reading of their table gives another
    value: unsure, like missing ones. A scope counts only where both sides have cells (read,
    blank or missing): a rule over a column the report does not print (小计) does not apply."""
    scopes: dict[tuple[int, str], _Scope] = {}
    for c in cells:
        places = _places(c.table, c.row, c.col)
        if not places:
            continue
        unsure = _is_unsure(c, disputed)
        for key, side in places:
            found = scopes.get(key)
            if found is None:
                found = scopes[key] = _Scope([], [], [])
            (found.right if side else found.left).append(c)
            if unsure:
                found.unsure.append(c)
    settings = rules()
    return [_outcome(settings, settings.within[order], scope, cells)
            for (order, scope), cells in sorted(scopes.items()) if cells.left and cells.right]


def scope_cells(rule_id: str, scope: str) -> frozenset[tuple[str, str, str]]:
    """The cells (table, row, col) one rule adds up over one scope."""
    rule = next(r for r in rules().within if r.rule_id == rule_id)
    items = (*rule.left, *rule.right)
    if rule.per_col:
        return frozenset((rule.table, item, scope) for item in items)
    return frozenset((rule.table, scope, item) for item in items)
