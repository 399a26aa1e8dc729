"""Finding a template row from the text of a label cell.

Labels arrive with typos (冇/有, 掌控/掌握), old wordings, words split by spaces, numbering
like `3,` or `(七) `, and remarks in parentheses. A label is reduced to its core (no
numbering, no remarks, no punctuation or spaces), compared with the template's label and its
listed variants, and failing that matched fuzzily with rapidfuzz. Candidates are the template
rows from the current position on, so that a later row cannot steal an earlier row's label.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Literal

import regex
from rapidfuzz import fuzz

from pipelines.templates import RowSpec, TableSpec

_ORDINAL = regex.compile(
    r"^(?:第?[一二三四五六七八九十]+\s*[、.,:]|\(\s*[一二三四五六七八九十\d]+\s*\)|\d{1,2}\s*[.、,:)](?!\d))"
)
_REMARK = regex.compile(r"\([^()]*\)|\[[^\[\]]*\]")
# A remark cut off by a line wrap: `(二)部分公开(区分处理的,只计这一情` (the rest on the next line).
_CUT_REMARK = regex.compile(r"(?<=\p{Han})\([^()]*$")
_LONG_REMARK = regex.compile(r"\([^()]{4,}\)|\[[^\[\]]{4,}\]")
_NOISE = regex.compile(r"[\s\p{P}\p{S}]+")

# How far ahead of the current position a label may match: far enough to step over rows a
# report leaves out, near enough that a header word cannot match a row at the table's end.
WINDOW = 8
# Shortest core that may jump past the window on an exact match.
JUMP_MIN_CHARS = 4
# Fuzzy matching: cores shorter than this must match exactly; below this score no match.
FUZZY_MIN_CHARS = 4
FUZZY_CUTOFF = 80.0


def starts_numbered(text: str) -> bool:
    """Whether a label starts with a row number (`1.`, `(三)`, `二、`): the start of a row's
    label, never the wrapped tail of another's."""
    return _ORDINAL.match("".join(unicodedata.normalize("NFKC", text).split())) is not None


def compact(text: str) -> str:
    """Any text without spaces, punctuation or symbols, to look for label cores in (not cached:
    meant for whole texts)."""
    return _NOISE.sub("", unicodedata.normalize("NFKC", text))


def label_key(text: str) -> str:
    """The label with its numbering kept: `(七) 总计` -> `七总计`. Numbered, even a short label
    names one row, so an exact key match may jump past the window."""
    s = _LONG_REMARK.sub("", "".join(unicodedata.normalize("NFKC", text).split()))
    return _NOISE.sub("", s)


# Labels recur report after report: with `match_label`'s, this cache saves about a sixth of a
# report's parse time (measured: 1.75 -> 2.05 ms a report without either).
@lru_cache(maxsize=65536)
def label_core(text: str) -> str:
    """`(二)部分公开(区分处理的...)` -> `部分公开`, also when the remark is cut short by a line
    wrap; `三、本 年度办 理结果` -> `本年度办理结果`."""
    s = "".join(unicodedata.normalize("NFKC", text).split())
    for _ in range(3):
        stripped = _ORDINAL.sub("", s, count=1)
        if stripped == s:
            break
        s = stripped
    s = _CUT_REMARK.sub("", _REMARK.sub("", s))
    return _NOISE.sub("", s)


@dataclass(frozen=True, slots=True)
class LabelMatch:
    index: int
    row: RowSpec
    how: Literal["exact", "variant", "fuzzy"]
    score: float


@dataclass(frozen=True, slots=True)
class _Entry:
    index: int
    row: RowSpec
    core: str
    key: str
    variants: frozenset[str]


@cache  # once per table of the form: every label lookup walks these entries
def _entries(table: TableSpec) -> tuple[_Entry, ...]:
    return tuple(
        _Entry(i, r, label_core(r.label), label_key(r.label), frozenset(label_core(v) for v in r.variants))
        for i, r in enumerate(table.rows)
    )


@lru_cache(maxsize=65536)  # the same labels at the same places, report after report (see label_core)
def match_label(table: TableSpec, text: str, start: int) -> LabelMatch | None:
    """The template row at or after `start` that this label names, or None."""
    core = label_core(text)
    if not core:
        return None
    entries = _entries(table)[start:]
    near = [e for e in entries if e.index < start + WINDOW]
    key = label_key(text)
    if key != core and len(key) >= JUMP_MIN_CHARS - 1:
        for e in entries:
            if key == e.key:
                return LabelMatch(e.index, e.row, "exact", 100.0)
    for pool in (near, entries if len(core) >= JUMP_MIN_CHARS else ()):
        for e in pool:
            if core == e.core:
                return LabelMatch(e.index, e.row, "exact", 100.0)
            if core in e.variants:
                return LabelMatch(e.index, e.row, "variant", 100.0)
    if len(core) < FUZZY_MIN_CHARS:
        return None
    best: tuple[float, _Entry | None] = (0.0, None)
    for e in near:
        score = max(fuzz.ratio(core, c) for c in (e.core, *e.variants))
        if score > best[0]:
            best = (score, e)
    score, entry = best
    if entry is None or score < FUZZY_CUTOFF:
        return None
    return LabelMatch(entry.index, entry.row, "fuzzy", round(score, 1))


@cache  # once per table of the form: asked of every header-like cell
def _header_cores(table: TableSpec) -> frozenset[str]:
    return frozenset(label_core(w) for w in table.header_vocabulary)


def is_header_word(table: TableSpec, text: str) -> bool:
    """A column header (`其他`, `总计`, `商业企业`...) printed without numbering: a header cell,
    never a row label (rows that share the word are numbered: `3.其他`, `(七)总计`)."""
    core = label_core(text)
    return core in _header_cores(table) and label_key(text) == core
