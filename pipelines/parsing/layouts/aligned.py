"""Whitespace-aligned columns (`pdftotext -layout`): cells are separated by runs of spaces, and
only a cell's position says which column it is in, so blank cells are found as gaps.

Value columns are found from where numbers start across the whole region (positions in display
width: a Chinese character is two columns wide); each line's numbers are then placed in the
column they start in, and the columns a line leaves empty are its blank cells.
"""

from __future__ import annotations

from bisect import bisect_left
from functools import lru_cache
from itertools import pairwise

import regex

from pipelines.parsing.layouts import Reader, Region, Row, cell
from pipelines.parsing.values import classify

_TOKEN = regex.compile(r"\S+(?: \S+)*")  # tokens are split by two or more spaces
_WIDE = regex.compile(r"[\p{East_Asian_Width=Wide}\p{East_Asian_Width=Fullwidth}]")
_GAP_THEN_NUMBER = regex.compile(r"\S {2,}[-+]?\d")
_TOLERANCE = 1


def _width(s: str) -> int:
    """Display width: a Chinese (wide) character takes two columns."""
    return len(s) if s.isascii() else _wide_width(s)


@lru_cache(maxsize=8192)  # the non-ASCII tokens are labels, the same report after report
def _wide_width(s: str) -> int:
    return len(s) + len(_WIDE.findall(s))


def _tokens(line: str) -> list[tuple[int, str]]:
    """(display column where the token starts, token) for each token of a line."""
    out = []
    pos = width = 0
    narrow = line.isascii()
    for m in _TOKEN.finditer(line):  # widths summed as we go: each character measured once
        start, end = m.span()
        token = m.group(0)
        width += start - pos if narrow else _width(line[pos:start])
        out.append((width, token))
        width += _width(token)
        pos = end
    return out


def _is_table_line(line: str) -> bool:
    """A label or number, a gap of two or more spaces, then a number."""
    if "|" in line or line.startswith(("\t", " \t")) or "  " not in line:
        return False
    return _GAP_THEN_NUMBER.search(line) is not None


def claims(region: Region) -> int:
    return len([1 for _, s in region.lines if _is_table_line(s)])


def _columns(starts: list[int]) -> list[int]:
    """Cluster the start positions of numbers into columns."""
    cols: list[int] = []
    for s in sorted(set(starts)):
        if cols and s - cols[-1] <= _TOLERANCE:
            continue
        cols.append(s)
    return cols


def read(region: Region) -> list[Row]:
    # each token once: (display column, text, is it a number)
    parsed = [(n, [(pos, t, classify(t) == "value") for pos, t in _tokens(s)])
              for n, s in region.lines if s.strip() and "|" not in s and not s.startswith("\t")]
    starts = [pos for _, toks in parsed if len(toks) >= 2 for pos, _, is_value in toks if is_value]
    cols = _columns(starts)
    # a value belongs to the column whose start is nearest: midpoints between columns split them
    bounds = [(a + b) / 2 for a, b in pairwise(cols)]
    rows: list[Row] = []
    for n, toks in parsed:
        labels = [t for _, t, is_value in toks if not is_value]
        cells = [cell(" ".join(labels), n)] if labels else []
        if cols and len(labels) < len(toks):
            placed = [""] * len(cols)
            for pos, t, is_value in toks:
                if is_value:
                    placed[bisect_left(bounds, pos)] = t
            cells += [cell(t, n) for t in placed]
        rows.append(tuple(cells))
    return rows


READER = Reader("aligned", claims, read)
