"""Finding which lines a pattern touches with one pass over the whole text.

Running a pattern over the joined text is far cheaper than running it on every line; a match's
line is the count of line breaks before it, counted on from the previous match (matches come in
order), so the text is scanned once whatever the number of matches.
"""

from __future__ import annotations

import re

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
