"""Finding lines fast: which lines a pattern touches, with one pass over the whole text, and
the last lines that hold anything.

Running a pattern over the joined text is far cheaper than running it on every line; a match's
line is the count of line breaks before it, counted on from the previous match (matches come in
order), so the text is scanned once whatever the number of matches.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import regex


def lines_touched(text: str, pattern: regex.Pattern | re.Pattern) -> set[int]:
    """0-based indexes of every line of `text` a match of `pattern` starts on or runs over."""
    hits: set[int] = set()
    line = pos = 0
    for m in pattern.finditer(text):
        start, end = m.span()
        line += text.count("\n", pos, start)
        pos = start
        last = line + text.count("\n", start, end - 1) if end - 1 > start else line
        if last == line:
            hits.add(line)
        else:
            hits.update(range(line, last + 1))
    return hits


def last_nonempty(lines: Sequence[str], n: int) -> list[int]:
    """Indexes of the last `n` lines that are not blank, in order: scanned from the end, so a
    signature or a trailing page number costs a few lines, not the whole report."""
    found: list[int] = []
    for i in range(len(lines) - 1, -1, -1):
        if lines[i].strip():
            found.append(i)
            if len(found) == n:
                break
    return found[::-1]
