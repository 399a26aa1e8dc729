"""Splitting a line on `|`, shared by the three pipe layouts."""

from __future__ import annotations

import regex

from pipelines.parsing.layouts import CellText, Region, cells

# Every character `str.isspace` calls whitespace, and the pipe: what a line is stripped of at
# both ends to see whether a pipe stands between two non-empty cells.
_SPACE_AND_PIPES = "".join(chr(c) for c in (*range(9, 14), *range(28, 33), 0x85, 0xA0, 0x1680, *range(0x2000, 0x200B),
                                            0x2028, 0x2029, 0x202F, 0x205F, 0x3000)) + "|"
MARKDOWN_RULE = regex.compile(r"^\s*\|?\s*:?-{2,}:?\s*(?:\|\s*:?-*:?\s*)*\|?\s*$")


def is_markdown_rule(line: str) -> bool:
    """A markdown |---| rule (it holds "--": lines of single dashes, blank cells, need no pattern)."""
    return "|" in line and "--" in line and MARKDOWN_RULE.match(line) is not None


def pipe_lines(region: Region) -> list[tuple[int, str]]:
    """The lines of a region that hold a `|`, except markdown's |---| rules (worked out once
    for all three pipe readers)."""
    return region.shared(_pipe_lines)


def _pipe_lines(region: Region) -> list[tuple[int, str]]:
    return [(n, s) for n, s in region.lines if "|" in s and not is_markdown_rule(s)]


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
    return region.shared(_solo_cell_share)


def _solo_cell_share(region: Region) -> float:
    """Stripped of spaces and pipes at both ends, a line that still holds a pipe has something
    printed on both sides of it."""
    pl = pipe_lines(region)
    return sum("|" not in s.strip(_SPACE_AND_PIPES) for _, s in pl) / len(pl) if pl else 0.0
