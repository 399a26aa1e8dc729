"""One cell per line, each ending in `|`; empty cells as bare pipes (`|`, `||`, `||||`).

Row breaks are not reliable in this layout (a bare `|` is as often an empty cell as the end of
a row), so the reader returns one stream of cells and the aligner starts a row at each label.
"""

from __future__ import annotations

from pipelines.parsing.layouts import CellText, Reader, Region, Row, cells
from pipelines.parsing.layouts.pipes import pipe_lines, solo_cell_share


def claims(region: Region) -> int:
    pl = pipe_lines(region)
    return len(pl) if pl and solo_cell_share(region) >= 0.6 else 0


def read(region: Region) -> list[Row]:
    out: list[CellText] = []
    for n, s in pipe_lines(region):
        parts = s.strip().split("|")[:-1]  # every cell ends with its pipe
        out += cells(parts, n)
    return [tuple(out)] if out else []


READER = Reader("cell_per_line", claims, read, rows_are_reliable=False)
