"""Split a report into its six sections (plus the preamble).

Headings are found by their keywords on short lines, numbered `一、` or not at all (never
`(一)`, which numbers sub-headings inside a section), and must come in the template's order;
of all ways to pick them in order, the one that finds the most sections wins. A section whose
heading is missing starts at the first line holding one of its table's anchors (seed 002 prints
tables 3 and 4 with no heading over them).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

import regex

from pipelines.model import Section
from pipelines.parsing.lines import lines_touched, words_pattern
from pipelines.templates import document_rules

PREAMBLE = "s0_preamble"
_PAREN_NUMBERED = regex.compile(r"^\s*\(\s*[一二三四五六七八九十\d]+\s*\)")


@dataclass(frozen=True, slots=True)
class _SectionRule:
    code: str
    keywords: tuple[str, ...]
    anchors: tuple[str, ...]


@cache  # built once per process from document.toml: asked for every report
def _rules() -> tuple[tuple[_SectionRule, ...], int]:
    d = document_rules()
    rules = tuple(_SectionRule(s["code"], tuple(s["keywords"]), tuple(s["anchors"])) for s in d["sections"])
    return rules, int(d["heading_max_chars"])


def _heading_text(line: str, max_chars: int) -> str | None:
    """The line without spaces if it could be a section heading at all, else None."""
    if len(line) > 3 * max_chars or "|" in line or line.startswith(("\t", " \t")):
        return None
    compact = "".join(line.split())
    if not compact or len(compact) > max_chars or compact.endswith(("。", ";", ",")):
        return None
    return None if _PAREN_NUMBERED.match(compact) else compact


def _best_in_order(candidates: Sequence[Sequence[int]]) -> list[int | None]:
    """Pick at most one line per section, strictly increasing, finding as many as possible
    (earliest lines on ties): a small dynamic programme over the sections in order."""
    firsts = [c[0] if c else None for c in candidates]
    found = [f for f in firsts if f is not None]
    if all(len(c) <= 1 for c in candidates) and found == sorted(set(found)):
        return firsts  # the common case: at most one heading per section, already in order
    # state: last chosen line -> (count, picks); start with nothing chosen
    states: dict[int, tuple[int, list[int | None]]] = {-1: (0, [])}
    for cands in candidates:
        nxt: dict[int, tuple[int, list[int | None]]] = {}
        for last, (count, picks) in states.items():
            options: list[tuple[int, int, list[int | None]]] = [(last, count, [*picks, None])]
            options += [(c, count + 1, [*picks, c]) for c in cands if c > last]
            for key, n, p in options:
                if key not in nxt or n > nxt[key][0]:
                    nxt[key] = (n, p)
        states = nxt
    best = max(states.items(), key=lambda kv: (kv[1][0], -kv[0]))
    return best[1][1]


def find_sections(lines: Sequence[str]) -> list[Section]:
    """The sections of a report, in order, each with its heading, lines and text."""
    rules, max_chars = _rules()
    near_keywords = sorted(lines_touched("\n".join(lines), words_pattern(tuple(k for r in rules for k in r.keywords))))
    patterns = [words_pattern(r.keywords) for r in rules]
    short = [(i, c) for i in near_keywords if (c := _heading_text(lines[i], max_chars)) is not None]
    candidates = [[i for i, c in short if p.search(c)][:8] for p in patterns]
    starts = _best_in_order(candidates)
    found_by = ["heading" if s is not None else None for s in starts]
    for k, rule in enumerate(rules):
        if starts[k] is not None or not rule.anchors:
            continue
        lo = max((s for s in starts[:k] if s is not None), default=-1) + 1
        hi = min((s for s in starts[k + 1:] if s is not None), default=len(lines))
        anchored = lines_touched("\n".join(lines[lo:hi]), words_pattern(rule.anchors))
        first = min((lo + i for i in anchored if len(lines[lo + i].strip()) <= 80), default=None)
        if first is not None:
            starts[k], found_by[k] = first, "anchor"
    sections: list[Section] = []
    bounds = [(rules[k].code, s, found_by[k]) for k, s in enumerate(starts) if s is not None]
    first = bounds[0][1] if bounds else len(lines)
    if first > 0:
        sections.append(Section(PREAMBLE, None, 1, first, "\n".join(lines[:first]).strip(), "start"))
    for j, (code, s, how) in enumerate(bounds):
        end = bounds[j + 1][1] if j + 1 < len(bounds) else len(lines)
        heading = lines[s].strip() if how == "heading" else None
        body = lines[s + 1:end] if how == "heading" else lines[s:end]
        sections.append(Section(code, heading, s + 1, end, "\n".join(body).strip(), how))  # type: ignore[arg-type]
    return sections
