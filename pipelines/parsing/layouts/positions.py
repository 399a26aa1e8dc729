"""Where a text keeps positions (`pdftotext -layout`), a line's numbers are placed under the
columns of a reference (a full row near it, or the column headers), and the columns it leaves
empty are its blank cells.

Positions are compared near the line only: the columns of a table move from page to page and
from one sub-table to the next, so a reference far away would misplace them. Cells may be
aligned left, centred or right in the reference and in the row: the alignment that puts the
row's numbers nearest the reference's columns is the one used.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import pairwise

import regex

from pipelines.parsing.layouts import CellText, cell

Span = tuple[float, float]  # where a cell starts and ends on its line
_WIDE = regex.compile(r"[\p{East_Asian_Width=Wide}\p{East_Asian_Width=Fullwidth}]")


def display_width(s: str) -> int:
    """Columns a text takes in a fixed-width font: a Chinese (wide) character takes two."""
    return len(s) if s.isascii() else len(s) + len(_WIDE.findall(s))


def _anchor(span: Span, mode: int) -> float:
    return (span[0], (span[0] + span[1]) / 2, span[1])[mode]


def _place(values: Sequence[tuple[Span, CellText]], columns: Sequence[Span],
           mode: int) -> tuple[float, list[int]] | None:
    """(total distance, column of each value) with cells aligned by `mode` (start, centre, end)."""
    anchors = [_anchor(c, mode) for c in columns]
    spacing = min((b - a for a, b in pairwise(anchors)), default=0.0)
    where: list[int] = []
    cost = 0.0
    j = 0
    for k, (span, _) in enumerate(values):
        last = len(anchors) - (len(values) - k)  # leave a column for each value still to place
        if j > last:
            return None
        x = _anchor(span, mode)
        j = min(range(j, last + 1), key=lambda col: abs(anchors[col] - x))
        if spacing and abs(anchors[j] - x) > spacing / 2:
            return None
        cost += abs(anchors[j] - x)
        where.append(j)
        j += 1
    return cost, where


def placement(values: Sequence[tuple[Span, CellText]],
              columns: Sequence[Span]) -> tuple[float, list[CellText]] | None:
    """The values (span, cell), in order, put under the reference `columns` (spans), blanks
    between, with how far they stand from their columns in all; None when a value stands nowhere
    near a column (or there are more values than columns)."""
    if not values or len(values) > len(columns):
        return None
    fits = [f for mode in range(3) if (f := _place(values, columns, mode)) is not None]
    if not fits:
        return None
    cost, where = min(fits, key=lambda f: f[0])
    line = values[0][1].line
    placed = [cell("", line) for _ in columns]
    for j, (_, c) in zip(where, values, strict=True):
        placed[j] = c
    return cost, placed


def place(values: Sequence[tuple[Span, CellText]], columns: Sequence[Span]) -> list[CellText] | None:
    """`placement` without its distance."""
    fit = placement(values, columns)
    return None if fit is None else fit[1]
