"""Agency, report year, publication date and template, wherever the report puts them.

The agency and year are in the title line (`卫辉市信访局2021年政府信息公开工作年度报告`), or
split over the title and the line before it (`2019年度忻州市信访局` / `政府信息公开工作年度报告`),
or the agency stands only in the signature block at the end (`安泽县人民政府` / `2022年2月15日`).
The date is the signature's, else one printed under the title, else the page's stamp.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache

import regex

from pipelines.model import ParseWarning, Section
from pipelines.parsing.clean import clean, normalise
from pipelines.parsing.formats.page import NO_PAGE, PageFacts
from pipelines.parsing.lines import last_nonempty
from pipelines.templates import Template, document_rules, template_for_year, templates

_TITLE = regex.compile(r"(?:政府信息公开|政务公开|信息公开)[^。,;]{0,12}报告|年度报告")
_TITLE_SPLIT = regex.compile(
    r"^(?P<pre>.*?)(?P<year>(?:19|20)\d{2})\s*年\s*度?(?P<post>.*?)(?:政府信息公开|政务公开|信息公开|年度报告)"
)
_HAN_DIGITS = {c: str(i) for i, c in enumerate("〇一二三四五六七八九")} | {"零": "0", "O": "0", "o": "0"}
_DATE = regex.compile(
    r"(?P<y>(?:19|20)\d{2}|[〇零一二三四五六七八九Oo]{4})\s*年\s*(?P<m>\d{1,2}|[一二三四五六七八九十]{1,2})\s*月"
    r"\s*(?P<d>\d{1,2}|[一二三四五六七八九十]{1,3})\s*日"
)
_AGENCY_JUNK = regex.compile(r"^(?:关于|[《\"“'])+|(?:的|关于|[》\"”'])+$")
_AGENCY_CHARS = regex.compile(r"[\p{Han}()·]+")
_ANY_YEAR = regex.compile(r"((?:19|20)\d{2})\s*年")
_SIGNATURE_SCAN = 8
_HEAD_SCAN = 15


@dataclass(slots=True)
class Metadata:
    agency: str | None = None
    report_year: int | None = None
    published_on: str | None = None
    warnings: list[ParseWarning] = field(default_factory=list)


@cache  # built once per process from document.toml: asked for every report
def _agency_rules() -> tuple[tuple[str, ...], int]:
    d = document_rules()["agency"]
    return tuple(sorted(d["suffixes"], key=len, reverse=True)), int(d["max_chars"])


def _han_number(s: str) -> int:
    """`2022`, `二〇二二` (digit by digit) or `十五` (tens) -> int."""
    if s.isdigit():
        return int(s)
    if "十" in s:
        tens, _, ones = s.partition("十")
        return int(_HAN_DIGITS.get(tens, "1") or 1) * 10 + (int(_HAN_DIGITS[ones]) if ones else 0)
    return int("".join(_HAN_DIGITS[c] for c in s))


def _date(text: str) -> str | None:
    m = _DATE.search(text)
    if not m:
        return None
    y, mo, d = _han_number(m["y"]), _han_number(m["m"]), _han_number(m["d"])
    if not (1 <= mo <= 12 and 1 <= d <= 31):
        return None
    return f"{y:04d}-{mo:02d}-{d:02d}"


def looks_like_agency(text: str) -> bool:
    """A short line of Chinese that ends the way bodies' names end (人民政府, 局, 办公室...)."""
    suffixes, max_chars = _agency_rules()
    s = "".join(text.split())
    if not s or len(s) > max_chars or not _AGENCY_CHARS.fullmatch(s):
        return False
    return s.endswith(suffixes)


def _clean_agency(text: str) -> str | None:
    s = _AGENCY_JUNK.sub("", "".join(text.split())).strip()
    return s or None


def _title(lines: Sequence[str], limit: int) -> tuple[int, str, int | None, str | None] | None:
    """(line index, title text, year, agency) of the report's title, joining a split title."""
    nonempty = [i for i in range(min(limit, len(lines))) if lines[i].strip()][:_HEAD_SCAN]
    for pos, i in enumerate(nonempty):
        if not _TITLE.search(lines[i]) or len(lines[i].strip()) > 80:
            continue
        prev = nonempty[pos - 1] if pos > 0 else None
        nxt = nonempty[pos + 1] if pos + 1 < len(nonempty) else None
        text = lines[i].strip()
        m = _TITLE_SPLIT.search(text)
        if (m is None or not (m["pre"] + m["post"]).strip()) and prev is not None:
            joined = lines[prev].strip() + text
            m2 = _TITLE_SPLIT.search(joined)
            if m2 is not None and (m2["pre"] + m2["post"]).strip() and len(lines[prev].strip()) <= 40:
                text, m = joined, m2
        year = int(m["year"]) if m else None
        agency = _clean_agency((m["pre"] + m["post"]) if m else "")
        if agency is None and nxt is not None and looks_like_agency(lines[nxt]):
            agency = _clean_agency(lines[nxt])
        if agency is None and prev is not None and looks_like_agency(lines[prev]):
            agency = _clean_agency(lines[prev])
        return i, text, year, agency
    return None


def _signature(lines: Sequence[str]) -> tuple[str | None, str | None]:
    """(agency, date) of the signature block: a date line near the end, the body just above."""
    tail = last_nonempty(lines, _SIGNATURE_SCAN)
    for pos in range(len(tail) - 1, -1, -1):
        line = lines[tail[pos]].strip()
        m = _DATE.search(line)
        if not m or len(line) > 40:
            continue
        date = _date(line)
        before = line[: m.start()].strip(" ,")
        if before and looks_like_agency(before):
            return _clean_agency(before), date
        if pos > 0 and looks_like_agency(lines[tail[pos - 1]]):
            return _clean_agency(lines[tail[pos - 1]]), date
        return None, date
    return None, None


def find_metadata(lines: Sequence[str], sections: Sequence[Section], stamps: Sequence[tuple[int, str]],
                  page: PageFacts = NO_PAGE) -> Metadata:
    """Read the report's metadata from its cleaned lines, then from what its web page says of it
    (`page`): the report's own title and signature come first, then the page's title block,
    then its 来源 (which may name the body that posted the page rather than the one reporting)."""
    md = Metadata()
    head_end = next((s.start_line - 1 for s in sections if s.code != "s0_preamble"), min(len(lines), 40))
    title = _title(lines, max(head_end, 3))
    page_title = _title(clean(page.title).lines[:1], 1) if page.title else None  # spam cut as in the text
    sig_agency, sig_date = _signature(lines)
    if title:
        _, _, md.report_year, md.agency = title
    if page_title:
        md.report_year = md.report_year or page_title[2]
        md.agency = md.agency or page_title[3]
    source = normalise(page.source) if page.source else None
    md.agency = md.agency or sig_agency or (_clean_agency(source) if source and looks_like_agency(source) else None)
    head_date = next((d for i in range(min(head_end, len(lines))) if (d := _head_date(lines[i]))), None)
    md.published_on = sig_date or head_date or page.date or (stamps[0][1] if stamps else None)
    if md.report_year is None:
        m = _ANY_YEAR.search("\n".join(lines[: max(head_end, 1) + 5]))
        if m:
            md.report_year = int(m.group(1))
            md.warnings.append(ParseWarning("year_guessed", f"report year taken from the text: {m.group(1)}"))
        elif md.published_on:
            md.report_year = int(md.published_on[:4]) - 1
            md.warnings.append(ParseWarning("year_guessed", "report year taken as the year before publication"))
        else:
            md.warnings.append(ParseWarning("no_year", "no report year found"))
    if md.agency is None:
        md.warnings.append(ParseWarning("no_agency", "no agency found in the title or the signature"))
    return md


def _head_date(line: str) -> str | None:
    """A date printed on its own line under the title, often in parentheses."""
    s = line.strip().strip("()[]")
    m = _DATE.fullmatch(s)
    return _date(s) if m else None


def pick_template(text: str, year: int | None) -> tuple[Template, str]:
    """The template whose marker words the tables print most; the report year breaks ties."""
    compact = text.replace(" ", "").replace("\n", "").replace("\t", "")  # NFKC left no other spaces
    scores = {code: sum(1 for mk in t.markers if mk in compact) for code, t in templates().items()}
    best = max(scores.values())
    by_year = template_for_year(year)
    if best == 0 or scores[by_year.code] == best:
        return by_year, "year" if best == 0 else "headers"
    winners = [code for code, s in scores.items() if s == best]
    return templates()[winners[-1]], "headers"
