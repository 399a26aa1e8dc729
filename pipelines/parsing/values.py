"""One cell's text -> value, status, unit and note.

Reports print numbers as `0`, `１２` (folded by clean), `1,234`, `-3`, `1946.6890万元`,
`161804.8元`, or with words after them (`1 驳回`). Money is stored in 万元 whatever unit the
cell prints. A cell that is empty or only a dash is blank: printed, but with no number.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import Literal

import regex

CellKind = Literal["blank", "value", "text"]

_NUMBER = regex.compile(
    r"""^(?P<num>[+-]?\s*(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?)
        \s*(?P<unit>万元|元|件|个|项|条|次|家|人|宗|起)?
        (?:\s+(?P<note>[^\d\s].{0,15})|(?P<hnote>\p{Han}{1,4})|\s*[(\[](?P<pnote>[^)\]]{1,15})[)\]])?\s*$""",
    regex.VERBOSE,
)
# Distinct cell texts a parse worker remembers (numbers recur: 0-9999 covers most cells). A worker
# meets ~1.5 new texts per report, so this holds a national corpus's share in a few tens of MB.
CELL_CACHE = 2**18
_BLANK = regex.compile(r"^(?:[\s\-—–_/\\·.。*×xX]*|\s*无\s*)$")
_UNIT_FACTORS: dict[tuple[str, str], Decimal] = {("元", "万元"): Decimal("0.0001")}


ValueStatus = Literal["ok", "blank"]  # a printed cell's status (missing is for cells not printed)


@dataclass(frozen=True, slots=True)
class Value:
    """A parsed cell: `value` is None exactly when status is blank."""

    value: int | float | None
    status: ValueStatus
    unit: str | None = None
    note: str | None = None


@lru_cache(maxsize=CELL_CACHE)  # every cell is classified; texts recur (measured: 1.75 -> 2.25 ms a report without)
def classify(text: str) -> CellKind:
    """Is this cell text a number (possibly with words), blank, or a label/header?"""
    if _BLANK.match(text):
        return "blank"
    return "value" if _NUMBER.match(text.strip()) else "text"


def parse_value(text: str, unit: str | None = None) -> Value | None:
    """Read a cell's text; `unit` is the column's unit (万元 for money). None if not a number.

    A number in 元 in a 万元 column is converted; integers stay integers so counts print as
    counts, and decimals go through Decimal so 161804.8元 is exactly 16.18048 万元.
    """
    if _BLANK.match(text):
        note = text.strip() or None
        return Value(None, "blank", unit, note)
    m = _NUMBER.match(text.strip())
    if not m:
        return None
    raw_num = m["num"].replace(",", "").replace(" ", "")
    try:
        number = Decimal(raw_num)
    except InvalidOperation:  # pragma: no cover - the pattern admits only decimals
        return None
    printed_unit = m["unit"]
    if unit and printed_unit and printed_unit != unit:
        factor = _UNIT_FACTORS.get((printed_unit, unit))
        if factor is not None:
            number *= factor
    value: int | float = int(number) if "." not in raw_num and number == number.to_integral() else float(number)
    note = (m["note"] or m["hnote"] or m["pnote"] or "").strip() or None
    kept_unit = unit or (printed_unit if printed_unit in ("万元", "元") else None)
    return Value(value, "ok", kept_unit, note)
