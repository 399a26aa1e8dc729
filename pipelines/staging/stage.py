"""Parse crawled files into staged tables: reports, sections, cells, warnings, quarantine.

A report's id is the first 16 hex digits of its content hash, so the same bytes always get the
same id and a rerun gives identical tables. Nothing a file does stops the batch: a file that is
not a report, a duplicate, or one that trips a parser bug goes to quarantine with the reason.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import polars as pl

from pipelines.model import NotAReportError, Report
from pipelines.parsing import parse_bytes
from pipelines.staging.crawl import RawFile

RAW_SCHEMA = {"path": pl.String, "name": pl.String, "suffix": pl.String, "size": pl.Int64, "sha256": pl.String,
              "modified_at": pl.Float64, "encoding": pl.String, "problem": pl.String}
REPORT_SCHEMA = {
    "report_id": pl.String, "source_path": pl.String, "source_name": pl.String, "sha256": pl.String,
    "agency": pl.String, "report_year": pl.Int32, "published_on": pl.Date, "template": pl.String,
    "encoding": pl.String, "format": pl.String, "layout": pl.String, "spam": pl.List(pl.String),
    "warning_count": pl.Int32,
}
SECTION_SCHEMA = {
    "report_id": pl.String, "section_code": pl.String, "heading": pl.String, "start_line": pl.Int32,
    "end_line": pl.Int32, "found_by": pl.String, "text": pl.String,
}
CELL_SCHEMA = {
    "report_id": pl.String, "table_code": pl.String, "row_code": pl.String, "col_code": pl.String,
    "value": pl.Float64, "status": pl.String, "unit": pl.String, "raw_text": pl.String, "note": pl.String,
    "source_line": pl.Int32, "label_match": pl.String, "label_score": pl.Float64,
}
WARNING_SCHEMA = {"report_id": pl.String, "code": pl.String, "message": pl.String, "source_line": pl.Int32}
QUARANTINE_SCHEMA = {"source_path": pl.String, "source_name": pl.String, "sha256": pl.String, "reason": pl.String}


def report_id(sha256: str) -> str:
    return sha256[:16]


@dataclass(slots=True)
class Staged:
    """Rows of every staged table, built up file by file."""

    reports: list[dict] = field(default_factory=list)
    sections: list[dict] = field(default_factory=list)
    cells: list[dict] = field(default_factory=list)
    warnings: list[dict] = field(default_factory=list)
    quarantine: list[dict] = field(default_factory=list)

    def frames(self) -> dict[str, pl.DataFrame]:
        return {
            "reports": pl.DataFrame(self.reports, schema=REPORT_SCHEMA),
            "sections": pl.DataFrame(self.sections, schema=SECTION_SCHEMA),
            "cells": pl.DataFrame(self.cells, schema=CELL_SCHEMA),
            "warnings": pl.DataFrame(self.warnings, schema=WARNING_SCHEMA),
            "quarantine": pl.DataFrame(self.quarantine, schema=QUARANTINE_SCHEMA),
        }


def _add_report(out: Staged, raw: RawFile, rid: str, r: Report) -> None:
    out.reports.append({
        "report_id": rid, "source_path": raw.path, "source_name": raw.name, "sha256": raw.sha256,
        "agency": r.agency, "report_year": r.report_year,
        "published_on": None if r.published_on is None else date.fromisoformat(r.published_on),
        "template": r.template, "encoding": r.encoding, "format": r.format, "layout": r.layout, "spam": r.spam,
        "warning_count": len(r.warnings),
    })
    out.sections.extend({"report_id": rid, "section_code": s.code, "heading": s.heading, "start_line": s.start_line,
                         "end_line": s.end_line, "found_by": s.found_by, "text": s.text} for s in r.sections)
    out.cells.extend({"report_id": rid, "table_code": c.table, "row_code": c.row, "col_code": c.col,
                      "value": None if c.value is None else float(c.value), "status": c.status, "unit": c.unit,
                      "raw_text": c.raw, "note": c.note, "source_line": c.line, "label_match": c.label_match,
                      "label_score": c.label_score} for c in r.cells)
    out.warnings.extend({"report_id": rid, "code": w.code, "message": w.message, "source_line": w.line}
                        for w in r.warnings)


def stage(raw_root: Path, files: Iterable[RawFile]) -> Staged:
    """Parse every crawled file; each ends up as a report or a quarantine row, never dropped."""
    out = Staged()
    seen: dict[str, str] = {}
    for raw in files:
        def quarantine(reason: str, raw: RawFile = raw) -> None:
            out.quarantine.append({"source_path": raw.path, "source_name": raw.name, "sha256": raw.sha256,
                                   "reason": reason})
        if raw.problem is not None or raw.sha256 is None:
            quarantine(raw.problem or "unreadable")
            continue
        if raw.sha256 in seen:
            quarantine(f"duplicate of {seen[raw.sha256]} (same content)")
            continue
        seen[raw.sha256] = raw.path
        try:
            report = parse_bytes((raw_root / raw.path).read_bytes(), raw.name)
        except NotAReportError as exc:
            quarantine(str(exc))
            continue
        except OSError as exc:
            quarantine(f"cannot read the file: {exc.strerror or exc}")
            continue
        except Exception as exc:  # a parser bug must not stop the batch; it is recorded instead
            quarantine(f"parser error ({type(exc).__name__}): {json.dumps(str(exc), ensure_ascii=False)[:300]}")
            continue
        _add_report(out, raw, report_id(raw.sha256), report)
    return out
