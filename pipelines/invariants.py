"""The report's own arithmetic, evaluated for one report (rules are data: invariants.toml).

Evaluated where the report is parsed, so the warehouse only copies the outcomes and a national
corpus is checked in the parse workers, in parallel. The generator uses the same evaluator to
know which rules a number it breaks on purpose will fail.

For each rule and scope (a column for per-column rules, a row for per-row ones): the sums of
both sides, blank counting as 0; `not_assessable` when a side has no number at all; `fail` when
the sides differ. A failure is the agency's own arithmetic (`agency_arithmetic`) only when every
cell under it was read with full confidence; one that touches a cell the parser was unsure of
(missing, found by a fuzzy label match, or disputed by another reading of the table that
satisfies the rule) is `extraction_suspect`: the warehouse never blames an agency for a misread.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass
from functools import cache
from typing import NamedTuple

from pipelines.model import CELL_KEY, Cell
from pipelines.templates import invariants

TOLERANCE = 1e-6


class Outcome(NamedTuple):  # a tuple, in the parse cache's column order: a report has dozens
    """One rule over one scope of one report. A failure is `extraction_suspect` when it touches
    a cell the parser was unsure of, else `agency_arithmetic`."""

    rule_id: str
    scope: str
    left_value: float
    right_value: float
    difference: float
    status: str
    suspect: bool
    failure_kind: str | None
    detail: str | None


def _failure_kind(status: str, suspect: bool) -> str | None:
    if status != "fail":
        return None
    return "extraction_suspect" if suspect else "agency_arithmetic"


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


# Every (rule, scope) pair met so far is a slot, numbered densely so a report's sums are flat
# lists; each (table, row, col) maps to the sums it adds to, as 2 * slot + side.
_SLOTS: list[tuple[int, str]] = []
_SLOT_OF: dict[tuple[int, str], int] = {}
_PLAN: dict[tuple[str, str, str], tuple[int, ...]] = {}
_new = tuple.__new__  # `_new(Outcome, fields)` is `Outcome._make(fields)` without its call


def _targets(key: tuple[str, str, str]) -> tuple[int, ...]:
    table, row, col = key
    out = []
    for k, rule in enumerate(_rules()):
        if rule.table == table:
            item, scope = (row, col) if rule.per_col else (col, row)
            side = rule.sides.get(item)
            if side is not None:
                slot = _SLOT_OF.setdefault((k, scope), len(_SLOTS))
                if slot == len(_SLOTS):
                    _SLOTS.append((k, scope))
                out.append(2 * slot + side)
    return _PLAN.setdefault(key, tuple(out))


def evaluate(cells: Iterable[Cell], disputed: Collection[tuple[str, str, str]] = ()) -> list[Outcome]:
    """Every per-report rule over every scope the report's cells give it: one pass over the
    cells, each adding to the sums of the rules it takes part in. `disputed` cells (table, row,
    col) are ones another reading of their table gives another value: unsure, like missing ones."""
    cells = list(cells)
    plan = _PLAN
    # first, so that slots new to this process exist before the sums are laid out
    targets = [t if (t := plan.get(k)) is not None else _targets(k) for k in map(CELL_KEY, cells)]
    n = 2 * len(_SLOTS)
    sums, known, met = [0.0] * n, [0] * n, [False] * n
    unsure: dict[int, list[str]] = {}  # slot -> its unsure cells
    for c, ts in zip(cells, targets, strict=True):
        if not ts:
            continue
        value = c.value
        for t in ts:
            met[t] = True
            if value is not None:
                sums[t] += value
                known[t] += 1
        if c.status == "missing" or c.label_match == "fuzzy" or (disputed and CELL_KEY(c) in disputed):
            for t in ts:
                unsure.setdefault(t // 2, []).append(f"{c.row}/{c.col}")
    rules = _rules()
    out: list[Outcome] = []
    # a scope is the report's where both sides have cells (read, blank or missing): a rule over a
    # column the report does not print at all (小计) does not apply to it
    for slot in sorted((s for s in range(n // 2) if met[2 * s] and met[2 * s + 1]), key=_SLOTS.__getitem__):
        k, scope = _SLOTS[slot]
        left, right = sums[2 * slot], sums[2 * slot + 1]
        status = _status(left, right, assessable=known[2 * slot] > 0 and known[2 * slot + 1] > 0)
        doubtful = unsure.get(slot)
        detail = "unsure cells: " + ", ".join(sorted(doubtful)) if doubtful else None
        suspect = bool(doubtful)
        out.append(_new(Outcome, (rules[k].rule_id, scope, left, right, left - right, status, suspect,
                                  _failure_kind(status, suspect), detail)))
    return out


def scope_cells(rule_id: str, scope: str) -> frozenset[tuple[str, str, str]]:
    """The cells (table, row, col) one rule adds up over one scope."""
    rule = next(r for r in _rules() if r.rule_id == rule_id)
    if rule.per_col:
        return frozenset((rule.table, item, scope) for item in rule.sides)
    return frozenset((rule.table, scope, item) for item in rule.sides)
