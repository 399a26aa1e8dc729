"""The numbers a report quotes in its prose, against its tables (the rule `prose_vs_table`).

Reports say in their opening pages what their tables hold: 全市共受理政府信息公开申请3119件，答复
3050件；政府信息公开行政复议351件，行政诉讼46件. Where the prose and the table differ, one of them is
wrong. The phrasings are data (`templates/prose.toml`); the prose is read with its line breaks
removed (a PDF wraps 答 / 复3050件 over two lines). Each statement found is one outcome, both
numbers and the sentence kept as evidence; a failure touching a table cell the parser was unsure
of is `extraction_suspect`, as for every rule.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache

import regex

from pipelines.invariants import Outcome
from pipelines.model import Cell
from pipelines.templates import prose_rule, rules

_SENTENCE_END = regex.compile(r"[。;；！!]")


@cache  # compiled once per process from prose.toml
def _statements() -> tuple[tuple[str, tuple[tuple[str, str, str], ...], tuple[regex.Pattern, ...]], ...]:
    return tuple((s["code"], tuple(tuple(c.split("/")) for c in s["cells"]),
                  tuple(regex.compile(p) for p in s["patterns"])) for s in prose_rule()["statement"])


def _sentence(text: str, start: int, end: int) -> str:
    """The sentence around a match, for evidence."""
    begin = max((m.end() for m in _SENTENCE_END.finditer(text, 0, start)), default=0)
    stop = _SENTENCE_END.search(text, end)
    return text[begin:stop.end() if stop else len(text)].strip()


def prose_text(lines: Sequence[str]) -> str:
    """The prose as one run of text: a wrapped line joined to the next with nothing between
    (Chinese has no spaces between words)."""
    return "".join(line.strip() for line in lines)


def prose_outcomes(text: str, cells: Sequence[Cell]) -> list[Outcome]:
    """One outcome per statement the prose (`prose_text`) makes (the first phrasing found): its
    number against the sum of the table cells it states."""
    by_key = {c.key: c for c in cells}
    settings = rules()
    rule_id = prose_rule()["rule_id"]
    out = []
    for code, keys, patterns in _statements():
        found = next((m for p in patterns if (m := p.search(text))), None)
        if found is None:
            continue
        stated = float(found["n"].replace(",", ""))
        table = [by_key.get(k) for k in keys]
        read = [c for c in table if c is not None and c.status != "missing"]
        unsure = [c for c in table if c is None or c.status == "missing" or c.label_match == "fuzzy"]
        total = float(sum(c.value or 0 for c in read))
        status = ("not_assessable" if not read else
                  "pass" if abs(stated - total) < settings.tolerance else "fail")
        kind = settings.failure_kind(unsure=bool(unsure)) if status == "fail" else None
        cells_named = " + ".join("/".join(k) for k in keys)
        sentence = _sentence(text, found.start(), found.end())
        detail = f"the prose says {found['n']}: 「{sentence}」; the table ({cells_named}) says {total:g}"
        out.append(Outcome(rule_id, code, stated, total, stated - total, status, bool(unsure), kind, detail))
    return out
