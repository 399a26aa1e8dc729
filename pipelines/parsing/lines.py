"""Finding lines fast: which lines a pattern touches, with one pass over the whole text, and
the last lines that hold anything.

Running a pattern over the joined text is far cheaper than running it on every line; a match's
line is the count of line breaks before it, counted on from the previous match (matches come in
order), so the text is scanned once whatever the number of matches.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache

import regex


@cache  # one compiled pattern per word list (a handful, from the forms): asked for every report
def words_pattern(words: tuple[str, ...]) -> re.Pattern:
    """A pattern for any of these plain words (the standard library's engine finds plain words
    faster than `regex`); no words: a pattern that never matches."""
    return re.compile("|".join(map(re.escape, words)) or "(?!)")


def lines_touched(text: str, pattern: regex.Pattern | re.Pattern) -> set[int]:
    """0-based indexes of every line of `text` a match of `pattern` starts on or runs over."""
    hits: set[int] = set()
    line = pos = 0
    for m in pattern.finditer(text):
        start, end = m.span()
        line += text.count("\n", pos, start)
        pos = start
        hits.update(range(line, line + text.count("\n", start, max(start, end - 1)) + 1))
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
