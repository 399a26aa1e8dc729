"""Splitting a line on `|`, shared by the three pipe layouts."""

from __future__ import annotations

import re

import regex

from pipelines.parsing.layouts import CellText, Lines, Region, cells

# Something printed, a pipe, something printed: two non-empty cells on one line.
_TWO_CELLS = re.compile(r"[^|\s][^|]*\|.*[^|\s]")
MARKDOWN_RULE = regex.compile(r"^\s*\|?\s*:?-{2,}:?\s*(?:\|\s*:?-*:?\s*)*\|?\s*$")


def pipe_lines(region: Region) -> list[tuple[int, str]]:
    """The lines of a region that hold a `|`, except markdown's |---| rules (worked out once
    for all three pipe readers)."""
    return region.shared(_pipe_lines)


def _pipe_lines(lines: Lines) -> list[tuple[int, str]]:
    return [(n, s) for n, s in lines if "|" in s and not ("-" in s and MARKDOWN_RULE.match(s))]


def split_cells(line_no: int, text: str, *, drop_leading: bool, drop_trailing: bool) -> list[CellText]:
    """Cells of one line: the text between pipes, stripped; outer pipes dropped as asked."""
    parts = text.strip().split("|")
    if drop_leading and parts and not parts[0].strip():
        parts = parts[1:]
    if drop_trailing and parts and not parts[-1].strip():
        parts = parts[:-1]
    return cells(parts, line_no)


def solo_cell_share(region: Region) -> float:
    """Share of pipe lines that carry at most one non-empty cell (one cell per line)."""
    pl = pipe_lines(region)
    if not pl:
        return 0.0
    return region.shared(_solo_cells) / len(pl)


def _solo_cells(lines: Lines) -> int:
    return sum(_TWO_CELLS.search(s) is None for _, s in _pipe_lines(lines))
