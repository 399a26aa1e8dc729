"""Splitting a line on `|`, shared by the three pipe layouts."""

from __future__ import annotations

import re
from functools import lru_cache

import regex

from pipelines.parsing.layouts import CellText, Lines, cells

# Something printed, a pipe, something printed: two non-empty cells on one line.
_TWO_CELLS = re.compile(r"[^|\s][^|]*\|.*[^|\s]")
MARKDOWN_RULE = regex.compile(r"^\s*\|?\s*:?-{2,}:?\s*(?:\|\s*:?-*:?\s*)*\|?\s*$")


@lru_cache(maxsize=16)
def pipe_lines(lines: Lines) -> list[tuple[int, str]]:
    """The lines of a region that hold a `|`, except markdown's |---| rules (the region is a
    tuple, so every pipe reader asks once)."""
    return [(n, s) for n, s in lines if "|" in s and not ("-" in s and MARKDOWN_RULE.match(s))]


def split_cells(line_no: int, text: str, *, drop_leading: bool, drop_trailing: bool) -> list[CellText]:
    """Cells of one line: the text between pipes, stripped; outer pipes dropped as asked."""
    parts = text.strip().split("|")
    if drop_leading and parts and not parts[0].strip():
        parts = parts[1:]
    if drop_trailing and parts and not parts[-1].strip():
        parts = parts[:-1]
    return cells(parts, line_no)


@lru_cache(maxsize=16)
def solo_cell_share(lines: Lines) -> float:
    """Share of pipe lines that carry at most one non-empty cell (one cell per line)."""
    pl = pipe_lines(lines)
    if not pl:
        return 0.0
    return sum(_TWO_CELLS.search(s) is None for _, s in pl) / len(pl)
