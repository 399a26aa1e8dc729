"""One cell per line with no separators at all (a table copied out of a PDF viewer).

Nothing marks rows or empty cells: every short line is a cell, and the aligner starts a row at
each label. A region is claimed only when many of its lines are bare numbers.
"""

from __future__ import annotations

from pipelines.parsing.layouts import Reader, Region, Row, cell
from pipelines.parsing.values import classify

_MAX_CHARS = 60


def _cells(region: Region) -> list[tuple[int, str]]:
    return [(n, t) for n, s in region.lines
            if (t := s.strip()) and len(t) <= _MAX_CHARS and "|" not in s and not s.startswith(("\t", " \t"))]


def claims(region: Region) -> int:
    kinds = [classify(s) for _, s in region.shared(_cells) if "  " not in s]  # gaps of spaces are aligned columns
    return len(kinds) if kinds and kinds.count("value") >= max(3, 0.3 * len(kinds)) else 0


def read(region: Region) -> list[Row]:
    cells = region.shared(_cells)
    return [tuple(cell(s, n) for n, s in cells)] if cells else []


READER = Reader("bare_cells", claims, read, rows_are_reliable=False, blanks_shown=False)
