"""Finding which lines a pattern touches with one pass over the whole text.

Running a pattern over the joined text is far cheaper than running it on every line; the
matches are then mapped back to line numbers through the lines' start offsets.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Sequence
from itertools import accumulate

import regex


class LineIndex:
    """The text of some lines, and where each line starts in it."""

    def __init__(self, lines: Sequence[str]) -> None:
        self.text = "\n".join(lines)
        self.starts = [0, *accumulate(len(s) + 1 for s in lines)][:-1] if lines else [0]

    def lines_of(self, pattern: regex.Pattern | re.Pattern) -> set[int]:
        """Indexes of every line a match of `pattern` starts on or runs over."""
        return set(self.spans(pattern.finditer(self.text)))

    def spans(self, matches: Iterable[regex.Match | re.Match]) -> Iterable[int]:
        for m in matches:
            first = bisect.bisect_right(self.starts, m.start()) - 1
            last = bisect.bisect_right(self.starts, max(m.start(), m.end() - 1)) - 1
            yield from range(first, last + 1)
