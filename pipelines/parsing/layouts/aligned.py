"""Whitespace-aligned columns (`pdftotext -layout`): cells are separated by runs of spaces, and
only a cell's position says which column it is in, so blank cells are found as gaps.

A line with as many numbers as the fullest line of its block (a header line starts a new block,
with columns of its own) has no blank; one with fewer has its numbers placed under the columns
of the nearest such full line (positions in display width: a Chinese character is two columns
wide), and the columns it leaves empty are its blank cells (see `positions`).
"""

from __future__ import annotations

from itertools import accumulate

import regex

from pipelines.parsing.layouts import Reader, Region, Row, cell
from pipelines.parsing.layouts.positions import display_width, place
from pipelines.parsing.values import classify

_TOKEN = regex.compile(r"\S+(?: \S+)*")  # tokens are split by two or more spaces
_GAP_THEN_NUMBER = regex.compile(r"\S {2,}[-+]?\d")


def _tokens(line: str) -> list[tuple[int, str]]:
    """(display column where the token starts, token) for each token of a line."""
    out = []
    pos = width = 0
    narrow = line.isascii()
    for m in _TOKEN.finditer(line):  # widths summed as we go: each character measured once
        start, end = m.span()
        token = m.group(0)
        width += start - pos if narrow else display_width(line[pos:start])
        out.append((width, token))
        width += display_width(token)
        pos = end
    return out


def _is_table_line(line: str) -> bool:
    """A label or number, a gap of two or more spaces, then a number."""
    if "|" in line or line.startswith(("\t", " \t")) or "  " not in line:
        return False
    return _GAP_THEN_NUMBER.search(line) is not None


def claims(region: Region) -> int:
    return len([1 for _, s in region.lines if _is_table_line(s)])


def read(region: Region) -> list[Row]:
    # each token once: (display column, text, is it a number)
    parsed = [(n, [(pos, t, classify(t) == "value") for pos, t in _tokens(s)])
              for n, s in region.lines if s.strip() and "|" not in s and not s.startswith("\t")]
    # each line's numbers as (span, text); a line with fewer numbers than the fullest line of its
    # block has blanks, found under that line's columns
    numbers = [[((pos, pos + display_width(t)), t) for pos, t, is_value in toks if is_value] for _, toks in parsed]
    # a header line (several words, no number) starts a block with columns of its own (t2's sub-tables)
    block = list(accumulate(int(len(toks) >= 2 and not any(v for _, _, v in toks)) for _, toks in parsed))
    rows: list[Row] = []
    for i, (n, toks) in enumerate(parsed):
        labels = [t for _, t, is_value in toks if not is_value]
        cells = [cell(" ".join(labels), n)] if labels else []
        mine = [(span, cell(t, n)) for span, t in numbers[i]]
        placed = None
        if mine and len(toks) >= 2:
            near = [j for j in range(len(parsed)) if len(numbers[j]) > 1 and block[j] == block[i]]
            widest = max((len(numbers[j]) for j in near), default=0)
            if len(mine) < widest:
                ref = min((j for j in near if len(numbers[j]) == widest), key=lambda j: abs(j - i))
                placed = place(mine, [span for span, _ in numbers[ref]])
        cells += placed if placed is not None else [c for _, c in mine]
        rows.append(tuple(cells))
    return rows


READER = Reader("aligned", claims, read, blanks_shown=False)
