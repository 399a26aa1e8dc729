"""Parsed reports kept by content hash, so a run parses only what it has not seen.

Files to parse are cut into batches and parsed in worker processes; each batch is written as
Parquet (reports, sections, cells, warnings, refusals) into a folder of its own that is renamed
into place only when complete, so a crash never leaves half a batch behind and the next run
simply parses that batch again. A file whose content changes gets a new hash and is parsed
anew; rows of contents no longer in the raw folder are left unreferenced and never loaded.
"""

from __future__ import annotations

import hashlib
import os
import resource
import shutil
from collections import Counter
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from datetime import date
from functools import cache
from multiprocessing import get_context
from pathlib import Path
from typing import NamedTuple

import polars as pl
import pyarrow.parquet as pq

from pipelines.invariants import CellFact, evaluate
from pipelines.model import NotAReportError, Report
from pipelines.parsing import parse_bytes
from pipelines.templates import templates

TABLES = ("reports", "sections", "cells", "warnings", "checks", "summary", "refusals")
SCHEMAS: dict[str, dict[str, pl.DataType]] = {
    "reports": {"sha256": pl.String, "agency": pl.String, "report_year": pl.Int32, "published_on": pl.Date,
                "template": pl.String, "encoding": pl.String, "format": pl.String, "layout": pl.String,
                "spam": pl.List(pl.String), "warning_count": pl.Int32},
    "sections": {"sha256": pl.String, "report_id": pl.String, "section_code": pl.String, "heading": pl.String,
                 "start_line": pl.Int32, "end_line": pl.Int32, "found_by": pl.String, "text": pl.String},
    "cells": {"sha256": pl.String, "report_id": pl.String, "table_code": pl.String, "row_code": pl.String,
              "col_code": pl.String, "value": pl.Float64, "status": pl.String, "unit": pl.String, "raw_text": pl.String,
              "note": pl.String, "source_line": pl.Int32, "label_match": pl.String, "label_score": pl.Float64},
    "warnings": {"sha256": pl.String, "report_id": pl.String, "code": pl.String, "message": pl.String,
                 "source_line": pl.Int32},
    "checks": {"sha256": pl.String, "report_id": pl.String, "rule_id": pl.String, "scope": pl.String,
               "left_value": pl.Float64, "right_value": pl.Float64, "difference": pl.Float64, "status": pl.String,
               "suspect": pl.Boolean, "failure_kind": pl.String, "detail": pl.String},
    "summary": {"sha256": pl.String, "report_id": pl.String, "cells": pl.Int32, "ok": pl.Int32, "blank": pl.Int32,
                "missing": pl.Int32, "lacking": pl.Int32},
    "refusals": {"sha256": pl.String, "reason": pl.String},
}
BATCH_SIZE = 256
IN_PROCESS_BELOW = 64  # small runs are parsed in this process: starting workers costs more


@dataclass(frozen=True, slots=True)
class ToParse:
    """A file to parse: its path under the raw folder, its name and the content hash crawled."""

    path: str
    name: str
    sha256: str


def cache_dir(warehouse: Path) -> Path:
    return warehouse / "parsed"


def batch_files(warehouse: Path, table: str) -> list[str]:
    """The Parquet files of one cached table, in batch order."""
    root = cache_dir(warehouse)
    return sorted(str(p) for p in root.glob(f"batch-*/{table}.parquet")) if root.is_dir() else []


def batches_holding(warehouse: Path, hashes: set[str]) -> list[Path]:
    """The batch folders whose reports include any of these content hashes."""
    if not hashes:
        return []
    return [Path(f).parent for f in batch_files(warehouse, "reports")
            if not hashes.isdisjoint(pq.read_table(f, columns=["sha256"]).column(0).to_pylist())]


def known_hashes(warehouse: Path) -> set[str]:
    """Content hashes already parsed (as reports or refused)."""
    files = batch_files(warehouse, "reports") + batch_files(warehouse, "refusals")
    if not files:
        return set()
    return set(pl.scan_parquet(files).select("sha256").collect()["sha256"].to_list())


@cache
def owed_cells(template: str | None) -> frozenset[tuple[str, str, str]]:
    """Every cell a report on this form must have, read or marked missing (rows printed one of
    two ways, 其他处理 undivided or its three sub-rows, are owed neither way)."""
    if template is None:
        return frozenset()
    owed = set()
    for table in templates()[template].tables.values():
        owed |= {(table.code, r.code, c.code) for r in table.data_rows if r.code not in table.optional_rows
                 for c in table.columns_of(r)}
    return frozenset(owed)


def report_id(sha256: str) -> str:
    """A report's id: the first 16 hex digits of its content hash, stable across runs."""
    return sha256[:16]


def _rows(sha: str, r: Report, out: dict[str, list[tuple]]) -> None:
    """Append the report's rows to each table, as tuples in the order of SCHEMAS (fast to make,
    fast for Polars to take)."""
    rid = report_id(sha)
    out["reports"].append((sha, r.agency, r.report_year,
                           date.fromisoformat(r.published_on) if r.published_on else None,
                           r.template, r.encoding, r.format, r.layout, r.spam, len(r.warnings)))
    out["sections"].extend((sha, rid, s.code, s.heading, s.start_line, s.end_line, s.found_by, s.text)
                           for s in r.sections)
    out["cells"].extend((sha, rid, *c) for c in r.cells)  # a Cell's fields are the cache's columns, in order
    out["warnings"].extend((sha, rid, w.code, w.message, w.line) for w in r.warnings)
    statuses = Counter(c.status for c in r.cells)
    present = {(c.table, c.row, c.col) for c in r.cells}
    out["summary"].append((sha, rid, len(r.cells), statuses["ok"], statuses["blank"], statuses["missing"],
                           len(owed_cells(r.template) - present)))
    facts = (CellFact(c.table, c.row, c.col, c.value, c.status == "missing" or c.label_match == "fuzzy")
             for c in r.cells)
    out["checks"].extend((sha, rid, o.rule_id, o.scope, o.left_value, o.right_value, o.left_value - o.right_value,
                          o.status, o.suspect, o.failure_kind, o.detail) for o in evaluate(facts))


class ParseStats(NamedTuple):
    parsed: int
    refused: int
    peak_rss_mb: float  # the largest parsing process's peak resident memory


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def parse_batch(raw_root: str, items: Sequence[ToParse], target: str) -> ParseStats:
    """Parse one batch and write it to `target` (a folder renamed into place when complete).
    Nothing a file does escapes as an exception."""
    final = Path(target)
    tmp = final.with_name(f".{final.name}.{os.getpid()}.tmp")  # the batch being made: never read
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    out: dict[str, list[tuple]] = {t: [] for t in TABLES}
    for item in items:
        try:
            data = (Path(raw_root) / item.path).read_bytes()
            if hashlib.sha256(data).hexdigest() != item.sha256:
                continue  # changed since the crawl: the next run crawls and parses it again
            _rows(item.sha256, parse_bytes(data, item.name), out)
        except NotAReportError as exc:
            out["refusals"].append((item.sha256, str(exc)))
        except OSError as exc:
            out["refusals"].append((item.sha256, f"cannot read the file: {exc.strerror or exc}"))
        except Exception as exc:  # a parser bug must not stop the batch: recorded as the reason
            out["refusals"].append((item.sha256, f"parser error ({type(exc).__name__}): {str(exc)[:300]}"))
    for table, rows in out.items():
        columns = list(zip(*rows, strict=True)) if rows else [[] for _ in SCHEMAS[table]]
        frame = pl.DataFrame({name: list(col) for name, col in zip(SCHEMAS[table], columns, strict=True)},
                             schema=SCHEMAS[table])
        frame.write_parquet(tmp / f"{table}.parquet", compression="lz4")  # fast: the cache is ours
    if final.exists():  # the same batch parsed twice (a rerun after a crash): keep one
        shutil.rmtree(tmp)
    else:
        os.rename(tmp, final)
    return ParseStats(len(out["reports"]), len(out["refusals"]), _peak_rss_mb())


def _run(args: tuple[str, list[ToParse], str]) -> ParseStats:
    return parse_batch(*args)


def parse_new(raw_root: Path, warehouse: Path, files: Sequence[ToParse], *, workers: int | None = None,
              batch_size: int = BATCH_SIZE) -> ParseStats:
    """Parse the files whose content hash is not cached yet, in batches over worker processes."""
    seen = known_hashes(warehouse)
    todo: dict[str, ToParse] = {}
    for f in files:
        if f.sha256 not in seen and f.sha256 not in todo:
            todo[f.sha256] = f
    items = sorted(todo.values(), key=lambda f: f.sha256)
    batches = [items[i:i + batch_size] for i in range(0, len(items), batch_size)]
    root = cache_dir(warehouse)
    root.mkdir(parents=True, exist_ok=True)
    for leftover in root.glob(".batch-*.tmp"):  # batches a killed run left half made
        shutil.rmtree(leftover, ignore_errors=True)
    jobs = [(str(raw_root), b, str(root / f"batch-{_batch_id(b)}")) for b in batches]
    if len(items) < IN_PROCESS_BELOW or (workers or os.cpu_count() or 1) == 1:
        results = [_run(j) for j in jobs]
    else:
        n = min(workers or os.cpu_count() or 1, len(jobs))
        with ProcessPoolExecutor(max_workers=n, mp_context=get_context("forkserver")) as pool:
            results = list(pool.map(_run, jobs))
    return ParseStats(sum(r.parsed for r in results), sum(r.refused for r in results),
                      max((r.peak_rss_mb for r in results), default=0.0))


def _batch_id(batch: Sequence[ToParse]) -> str:
    return hashlib.sha256("".join(f.sha256 for f in batch).encode()).hexdigest()[:20]
