"""The parsing library: raw bytes -> a `Report` in canonical form. No Dagster in here.

    decode -> clean -> sections -> metadata -> per table: readings (layout readers, the stream)
    -> aligner -> the reading the evidence favours

`parse_bytes` raises `NotAReportError` only for input that is not a report at all; everything
it could not read in a report becomes a warning on the returned `Report`.
"""

from __future__ import annotations

import re
from itertools import islice
from pathlib import Path

import regex

from pipelines.agencies import identify
from pipelines.model import DEFAULT_LIMITS, TABLES, Limits, NotAReportError, ParseWarning, Report
from pipelines.parsing.audits import audit
from pipelines.parsing.clean import clean
from pipelines.parsing.formats import to_text
from pipelines.parsing.labels import compact, label_core
from pipelines.parsing.metadata import find_metadata, pick_template
from pipelines.parsing.prose import prose_outcomes, prose_text
from pipelines.parsing.readings import read_table
from pipelines.parsing.sections import find_sections
from pipelines.templates import templates

__all__ = ["NotAReportError", "parse_bytes", "parse_path"]

# The section that holds each table.
TABLE_SECTIONS = {"t2_active": "s2_active", "t3_requests": "s3_requests",
                  "t4_review_litigation": "s4_review_litigation"}
# The lines at each end of a report that say where it is from (title, opening, signature): the
# context that settles a division name several divisions share.
CONTEXT_LINES = 12
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\ufffd]")  # a plain class: `re` counts it faster
_CJK = regex.compile(r"\p{Han}")


def _refuse_non_text(text: str) -> None:
    sample = text[:4000]
    if not sample or sample.isspace():
        raise NotAReportError("the file holds no text")
    if len(_CONTROL.findall(sample)) > 0.02 * len(sample):
        raise NotAReportError("the file is binary or garbled: too many control or undecodable characters")
    if next(islice(_CJK.finditer(text, 0, 20000), 19, None), None) is None:  # fewer than 20 Han characters
        raise NotAReportError("the file holds almost no Chinese text: not a government report")


def parse_bytes(data: bytes, source: str, limits: Limits = DEFAULT_LIMITS) -> Report:
    """Parse one report's bytes, in any supported format (`source` is the file name, whose
    suffix helps tell the format); a file past the `limits` is refused."""
    decoded = to_text(data, source, limits)
    _refuse_non_text(decoded.text)
    ct = clean(decoded.text)
    lines = ct.lines
    sections = find_sections(lines)
    md = find_metadata(lines, sections, ct.stamps, decoded.page)
    by_code = {s.code: s for s in sections}
    spans = {t: (s.start_line, s.end_line) if (s := by_code.get(sec)) else (1, 0) for t, sec in TABLE_SECTIONS.items()}
    regions = {t: tuple(zip(range(a, b + 1), lines[a - 1:b], strict=True)) for t, (a, b) in spans.items()}
    table_text = "\n".join("\n".join(lines[a - 1:b]) for a, b in spans.values())
    template, _ = pick_template(table_text, md.report_year)
    page = decoded.page
    context = "\n".join([*lines[:CONTEXT_LINES], *lines[-CONTEXT_LINES:], page.title or "", page.source or "",
                         page.site or ""])
    identity = identify(md.agency, context)
    report = Report(source=source, agency=md.agency, report_year=md.report_year, published_on=md.published_on,
                    template=template.code, encoding=decoded.encoding, format=decoded.format, sections=sections,
                    warnings=list(md.warnings), spam=sorted(set(ct.spam)), identity=identity)
    if identity.resolution == "ambiguous":
        report.warnings.append(ParseWarning("agency_ambiguous", f"agency not placed: {identity.note}"))
    layouts: list[str] = []
    found_any = False
    for name in TABLES:
        aligned, reading, outcomes = read_table(template.tables[name], regions[name], ct.page_breaks)
        report.readings.append(reading)
        report.outcomes.extend(outcomes)
        if reading.reading is not None and aligned.found:
            layouts.append(reading.reading)
        found_any = found_any or aligned.found
        report.cells.extend(aligned.cells)
        report.warnings.extend(aligned.warnings)
        if not aligned.found:
            report.warnings.append(ParseWarning("table_not_found", f"{name} not found: its cells are missing"))
    if not found_any and not _has_form_labels("\n".join(lines)):
        has_title = any("政府信息公开" in line or "政务公开" in line for line in lines[:60])
        why = ("it has none of the standard tables (an old pre-2019 report, or not an annual report)"
               if has_title else "it has no 政府信息公开 title, section headings or standard tables")
        raise NotAReportError(f"not an annual disclosure report: {why}")
    if not found_any:
        report.warnings.append(ParseWarning(
            "tables_unreadable", "the form's row labels are in the text but no table could be read: "
            "the report is kept with its metadata and text, its cells missing"))
    table_lines = {i for a, b in spans.values() for i in range(a, b + 1)}
    prose = prose_text([line for i, line in enumerate(lines, 1) if i not in table_lines])
    stated = prose_outcomes(prose, report.cells)
    report.outcomes.extend(stated)
    report.warnings.extend(audit(sections, lines, prose, report.cells, stated))
    if ct.spam:
        report.warnings.append(ParseWarning("spam", f"spam removed from the text: {', '.join(report.spam)}"))
    report.layout = max(set(layouts), key=layouts.count) if layouts else None
    return report


# How many of the form's row labels a text must hold to be taken for a report on the form, even
# when none of its tables can be read (a report is never quarantined for our failure to read it).
FORM_LABELS_MIN = 5


def _has_form_labels(text: str) -> bool:
    text = compact(text)
    cores = {label_core(r.label) for t in templates().values() for spec in t.tables.values()
             for r in spec.data_rows if spec.kind == "labelled"}
    return sum(1 for c in cores if len(c) >= 4 and c in text) >= FORM_LABELS_MIN


def parse_path(path: str | Path) -> Report:
    """Parse one report file; the report's `source` is the file's name."""
    p = Path(path)
    return parse_bytes(p.read_bytes(), p.name)
