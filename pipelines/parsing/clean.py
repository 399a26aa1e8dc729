"""Normalise decoded text and strip what is not the report: web debris and spam.

Line numbers are provenance (every cell records its source line), so cleaning never adds or
removes lines: debris is blanked in place. Full-width forms, ideographic and no-break spaces
are folded by NFKC, so everything downstream sees ASCII digits and punctuation.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache

import regex

from pipelines.parsing.lines import last_nonempty, lines_touched, words_pattern
from pipelines.templates import document_rules

_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)
_SPAM_SPLIT = regex.compile(r"[,、]")
_LINE_BREAKS = regex.compile(r"\r\n?|[\u2028\u2029\x0b\x0c\x85]")
_ODD_MARKS = re.compile("[\r\u2028\u2029\x0b\x0c\x85\u200b\u200c\u200d\u2060\ufeff\u00ad]")


@dataclass(slots=True)
class CleanText:
    """The report's lines (line 1 is lines[0]) and what cleaning took out of them."""

    lines: list[str]
    spam: list[str] = field(default_factory=list)
    stamps: list[tuple[int, str]] = field(default_factory=list)
    page_breaks: list[int] = field(default_factory=list)  # lines that held a page number (`-4-`)


@dataclass(frozen=True, slots=True)
class _Rules:
    inline: regex.Pattern
    line: regex.Pattern
    line_any: re.Pattern
    page_number: regex.Pattern
    publish_stamp: regex.Pattern
    spam: regex.Pattern
    spam_hint: re.Pattern


@cache  # built once per process from document.toml: clean() runs for every report
def _rules() -> _Rules:
    d = document_rules()
    terms = sorted(d["spam"]["terms"], key=len, reverse=True)
    spam = "|".join([*d["spam"]["patterns"], *map(regex.escape, terms)])
    return _Rules(
        inline=regex.compile("|".join(d["debris"]["inline"])),
        line=regex.compile("|".join(d["debris"]["line"])),
        line_any=_after_line_break(d["debris"]["line"]),
        page_number=regex.compile(d["debris"]["page_number"]),
        publish_stamp=regex.compile(d["debris"]["publish_stamp"]),
        spam=regex.compile(spam),
        spam_hint=words_pattern(tuple(d["spam"]["hints"])),
    )


def _after_line_break(patterns: list[str]) -> re.Pattern:
    """The line patterns as one pattern for the whole-text pass, searched in the text with a
    line break put before it. Their common start `^\\s*` becomes that line break and the spaces
    after it, tested once, so the engine jumps from break to break instead of trying every
    pattern at every character; the match then starts on the line before, which the pass counts
    too (it is only looked at, and left as it is). This pass runs on every report: the standard
    library's engine is the faster one here."""
    lead = "^\\s*"  # what every line pattern starts with, factored out so the engine tests it once per break
    starting = "|".join(p[len(lead):] for p in patterns if p.startswith(lead))
    others = [p for p in patterns if not p.startswith(lead)]
    return re.compile("|".join([*([f"\\n\\s*(?:{starting})"] if starting else []), *others]), re.MULTILINE)


def normalise(text: str) -> str:
    """Fold full-width forms and odd spaces (NFKC), drop zero-width marks, unify line breaks."""
    if _ODD_MARKS.search(text):  # rare: zero-width marks and old line breaks
        text = _LINE_BREAKS.sub("\n", text.translate(_ZERO_WIDTH))
    if unicodedata.is_normalized("NFKC", text):  # most text already is: the check is far cheaper
        return text
    return unicodedata.normalize("NFKC", text)


def _is_table_line(line: str) -> bool:
    s = line.strip()
    return "|" in line or line.startswith((" \t", "\t")) or s.replace(".", "").isdigit()


def clean(text: str) -> CleanText:
    """Normalise the text and blank debris lines, cut inline debris and spam, keep line count."""
    rules = _rules()
    text = normalise(text)
    out = CleanText(lines=text.split("\n"))
    lines = out.lines
    for i in _touched_lines(text, rules):
        line = lines[i]
        stamp = rules.publish_stamp.search(line)
        if stamp:
            out.stamps.append((i + 1, f"{int(stamp['y']):04d}-{int(stamp['m']):02d}-{int(stamp['d']):02d}"))
        new = rules.inline.sub("", line)
        if rules.line.search(new):
            if rules.page_number.match(new):
                out.page_breaks.append(i + 1)
            new = ""
        if not rules.spam_hint.search(new):  # spam always holds a hint word: most lines stop here
            spam = []
        else:
            spam = [t.strip() for m in rules.spam.finditer(new) for t in _SPAM_SPLIT.split(m.group(0)) if t.strip()]
        if spam:
            out.spam.extend(spam)
            new = rules.spam.sub("", new)
        if new != line:
            lines[i] = new
    _blank_trailing_page_numbers(lines, rules.page_number)
    return out


def _touched_lines(text: str, rules: _Rules) -> list[int]:
    """Indexes of the lines any cleaning pattern matches: one pass over the whole text per
    pattern instead of every pattern on every line (a match may run over line breaks)."""
    hits: set[int] = set()
    for pattern in (rules.inline, rules.publish_stamp):
        hits |= lines_touched(text, pattern)
    # with a break put before the text, its line k is line k + 1
    hits |= {k - 1 for k in lines_touched("\n" + text, rules.line_any) if k}
    hits |= lines_touched(text, rules.spam_hint)  # spam always holds a hint word; `clean` looks further
    return sorted(hits)


def _blank_trailing_page_numbers(lines: list[str], pattern: regex.Pattern) -> None:
    """A page number after the signature is debris; a number inside a table at the end is not."""
    idx = last_nonempty(lines, 2)
    while len(idx) >= 2 and pattern.match(lines[idx[-1]]) and not _is_table_line(lines[idx[-2]]):
        lines[idx[-1]] = ""
        idx = last_nonempty(lines, 2)

