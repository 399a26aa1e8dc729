"""Where a text keeps positions (`pdftotext -layout`), a line's numbers are placed under the
columns of a full line near it, and the columns it leaves empty are its blank cells.

Positions are compared near the line only: the columns of a table move from page to page and
from one sub-table to the next, so a reference far away would misplace them.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence

from pipelines.parsing.layouts import CellText, cell


def place(values: Sequence[tuple[float, CellText]], columns: Sequence[float]) -> list[CellText] | None:
    """The values (centre, cell), in order, put under the nearest of the reference `columns`
    (their centres), blanks between; None when a value stands nowhere near a column or two
    values would share one."""
    if not values or len(values) > len(columns):
        return None
    spacing = min((b - a for a, b in itertools.pairwise(columns)), default=0.0)
    placed: list[CellText | None] = [None] * len(columns)
    j = 0
    for k, (centre, c) in enumerate(values):
        last = len(columns) - (len(values) - k)  # leave a column for each value still to place
        if j > last:
            return None
        j = min(range(j, last + 1), key=lambda col: abs(columns[col] - centre))
        if spacing and abs(columns[j] - centre) > spacing / 2:
            return None
        placed[j] = c
        j += 1
    line = values[0][1].line
    return [c if c is not None else cell("", line) for c in placed]
