"""Audits of the report as its agency published it: warnings about the report, never failures of
our reading (codes `audit_*` in parse_warning).

A section the form requires is missing, printed without its heading, numbered out of the form's
order, or left empty; the tables are printed all zero while the prose reports activity; the prose
states a fee charged and, elsewhere, that no fee was charged.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from itertools import pairwise

import regex

from pipelines.invariants import Outcome
from pipelines.model import Cell, ParseWarning, Section
from pipelines.templates import document_rules, prose_rule

NUMERALS = "一二三四五六"
ALL_ZERO_TABLES = ("t3_requests", "t4_review_litigation")


@cache  # compiled once per process from prose.toml and document.toml
def _patterns() -> tuple[regex.Pattern, regex.Pattern, regex.Pattern]:
    a = prose_rule()["audit"]
    return regex.compile(a["fee_charged"]), regex.compile(a["no_fee"]), regex.compile(a["numbered_heading"])


@cache  # read once per process from document.toml
def _forms_sections() -> tuple[tuple[str, str, tuple[str, ...]], ...]:
    """Each section of the form, in order: code, heading, keywords."""
    return tuple((s["code"], s["heading"], tuple(s["keywords"])) for s in document_rules()["sections"])


def _printed_headings(lines: Sequence[str]) -> list[tuple[int, int]]:
    """(line, place in the form) of every heading printed with the form's numbering (三、) and a
    keyword of the section that number stands for: the order the report prints its sections in."""
    _, _, numbered = _patterns()
    form = _forms_sections()
    out = []
    for i, line in enumerate(lines, 1):
        if line.lstrip()[:1] not in NUMERALS:  # most lines: no heading, no pattern run
            continue
        m = numbered.match(line)
        if m and len(line.strip()) <= 40:
            k = NUMERALS.index(m["number"])
            if any(word in line for word in form[k][2]):
                out.append((i, k))
    return out


def _sections(sections: Sequence[Section], lines: Sequence[str]) -> list[ParseWarning]:
    found = {s.code: s for s in sections}
    printed = _printed_headings(lines)
    printed_places = {k for _, k in printed}
    out = []
    for k, (code, heading, _) in enumerate(_forms_sections()):
        s = found.get(code)
        if s is None and k not in printed_places:
            out.append(ParseWarning("audit_section_missing", f"the report has no section {heading}"))
        elif s is not None and s.found_by == "anchor":
            out.append(ParseWarning("audit_heading_missing", f"section {heading} is printed without its heading "
                                    "(found by its table)", s.start_line))
        elif s is not None and not s.text.replace(s.heading or "", "", 1).strip():
            out.append(ParseWarning("audit_section_empty", f"section {heading} is printed empty", s.start_line))
    for (_, a), (line, b) in pairwise(printed):
        if b < a:
            out.append(ParseWarning("audit_sections_out_of_order", f"section {NUMERALS[b]}、 is printed after "
                                    f"section {NUMERALS[a]}、", line))
    return out


def _zero_tables(cells: Sequence[Cell], prose: Sequence[Outcome]) -> list[ParseWarning]:
    read = [c for c in cells if c.table in ALL_ZERO_TABLES and c.status != "missing"]
    active = [o for o in prose if o.left_value > 0]
    if read and active and all(not c.value for c in read):
        return [ParseWarning("audit_tables_zero", "tables 3 and 4 are printed all zero while the prose reports "
                             + ", ".join(f"{o.scope} {o.left_value:g}" for o in active))]
    return []


def _fees(text: str) -> list[ParseWarning]:
    charged, none, _ = _patterns()
    fee, nothing = charged.search(text), none.search(text)
    if fee and nothing:
        return [ParseWarning("audit_fee_contradiction", f"the prose states a fee charged ({fee[0]}) and that none "
                             f"was ({nothing[0]})")]
    return []


def audit(sections: Sequence[Section], lines: Sequence[str], prose: str, cells: Sequence[Cell],
          stated: Sequence[Outcome]) -> list[ParseWarning]:
    """Every audit warning for one report (`prose`: its text outside the tables, `prose_text`;
    `stated`: the outcomes of prose_vs_table)."""
    return [*_sections(sections, lines), *_zero_tables(cells, stated), *_fees(prose)]
