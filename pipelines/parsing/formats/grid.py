"""Tables with merged cells -> a rectangular grid -> markdown lines for the text pipeline.

A merged cell's text stands in its first (top-left) position; the other positions it covers are
left empty, so that a label spanning ten rows is read once and no number is ever duplicated.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple


class SpanCell(NamedTuple):  # a tuple: one per cell of every table of a web page or Word file
    """A table cell as printed: its text, and how many rows and columns it spans."""

    text: str
    rowspan: int = 1
    colspan: int = 1


def expand(rows: Sequence[Sequence[SpanCell]]) -> list[list[str]]:
    """Lay spanned cells out on a grid, skipping positions taken by spans from rows above."""
    grid: dict[tuple[int, int], str] = {}
    taken: set[tuple[int, int]] = set()
    width = 0
    for r, row in enumerate(rows):
        c = 0
        for cell in row:
            while (r, c) in taken:
                c += 1
            grid[(r, c)] = cell.text
            for dr in range(max(1, cell.rowspan)):
                for dc in range(max(1, cell.colspan)):
                    taken.add((r + dr, c + dc))
            c += max(1, cell.colspan)
            width = max(width, c)
    height = max((r for r, _ in taken), default=-1) + 1
    return [[grid.get((r, c), "") for c in range(width)] for r in range(height)]


def markdown_lines(grid: Sequence[Sequence[str]]) -> list[str]:
    """The grid as a markdown pipe table, a blank line before and after."""
    if not grid:
        return []

    def row(cells: Sequence[str]) -> str:
        return "| " + " | ".join(c.replace("|", "/").replace("\n", "") for c in cells) + " |"

    width = max(len(r) for r in grid)
    return ["", row(grid[0]), "|" + "---|" * width, *(row(r) for r in grid[1:]), ""]


def join_wrapped(parts: Sequence[str]) -> str:
    """Join the lines of one cell: no space between Chinese characters, one between Latin words."""
    out = ""
    for p in (s.strip() for s in parts):
        if not p:
            continue
        if out and out[-1].isascii() and out[-1].isalnum() and p[0].isascii() and p[0].isalnum():
            out += " "
        out += p
    return out
