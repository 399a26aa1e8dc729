"""Tab-indented cells (Word tables pasted as text): a cell per line after a tab, a blank line
between rows, and a cell's text sometimes wrapped onto the next line without a tab."""

from __future__ import annotations

from pipelines.parsing.layouts import CellText, Reader, Region, Row, cell, cells

_WRAP_MAX_CHARS = 40


def _is_cell(line: str) -> bool:
    """A tab at the start, after spaces at most (what `^ *\\t` says, without a regex call)."""
    return "\t" in line and line.lstrip(" ").startswith("\t")


def claims(region: Region) -> int:
    return len([1 for _, s in region.lines if _is_cell(s)])


def _joined(a: str, b: str) -> str:
    """Join a wrapped cell: no space between Chinese characters, one between Latin words."""
    if a and b and a[-1].isascii() and b[0].isascii() and a[-1].isalnum() and b[0].isalnum():
        return f"{a} {b}"
    return a + b


def read(region: Region) -> list[Row]:
    rows: list[Row] = []
    row: list[CellText] = []
    previous_was_cell = False
    for n, s in region.lines:
        if _is_cell(s):
            row += cells(s.lstrip(" ").split("\t")[1:], n)
            previous_was_cell = True
        elif not s.strip():
            if row:
                rows.append(tuple(row))
                row = []
            previous_was_cell = False
        elif previous_was_cell and row and len(s.strip()) <= _WRAP_MAX_CHARS:
            last = row[-1]
            row[-1] = cell(_joined(last.text, s.strip()), last.line)
        else:  # prose between tables
            if row:
                rows.append(tuple(row))
                row = []
            previous_was_cell = False
    if row:
        rows.append(tuple(row))
    return rows


READER = Reader("tabbed", claims, read)
