"""Parsed reports kept by content hash, so a run parses only what it has not seen.

Files to parse are cut into batches and parsed in worker processes; each batch is written as
Parquet (reports, sections, cells, warnings, refusals) into a folder of its own that is renamed
into place only when complete, so a crash never leaves half a batch behind and the next run
simply parses that batch again. A file whose content changes gets a new hash and is parsed
anew; rows of contents no longer in the raw folder are left unreferenced and never loaded.
"""

from __future__ import annotations

import gc
import hashlib
import os
import resource
import shutil
from collections import Counter
from collections.abc import Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from functools import cache
from multiprocessing import get_context
from operator import itemgetter
from pathlib import Path
from typing import NamedTuple

import polars as pl
import pyarrow as pa
import pyarrow.parquet as pq

from pipelines.model import CELL_KEY, NotAReportError, Report
from pipelines.parsing import parse_bytes
from pipelines.staging.readahead import read_ahead
from pipelines.templates import templates

TABLES = ("reports", "sections", "cells", "warnings", "readings", "checks", "summary", "refusals")
_S, _I, _F = pa.string(), pa.int32(), pa.float64()
SCHEMAS: dict[str, pa.Schema] = {
    "reports": pa.schema({"sha256": _S, "agency": _S, "report_year": _I, "published_on": pa.date32(),
                          "template": _S, "encoding": _S, "format": _S, "layout": _S, "spam": pa.list_(_S),
                          "warning_count": _I}),
    "sections": pa.schema({"report_id": _S, "section_code": _S, "heading": _S, "start_line": _I,
                           "end_line": _I, "found_by": _S, "text": _S}),
    "cells": pa.schema({"report_id": _S, "table_code": _S, "row_code": _S, "col_code": _S,
                        "value": _F, "status": _S, "unit": _S, "raw_text": _S, "note": _S, "source_line": _I,
                        "label_match": _S, "label_score": _F}),
    "warnings": pa.schema({"report_id": _S, "code": _S, "message": _S, "source_line": _I}),
    "readings": pa.schema({"report_id": _S, "table_code": _S, "reading": _S, "confidence": _S, "readings_tried": _I,
                           "disputed": pa.list_(_S), "optional_columns": pa.list_(_S)}),
    "checks": pa.schema({"report_id": _S, "rule_id": _S, "scope": _S, "left_value": _F,
                         "right_value": _F, "difference": _F, "status": _S, "suspect": pa.bool_(),
                         "failure_kind": _S, "detail": _S}),
    "summary": pa.schema({"report_id": _S, "cells": _I, "ok": _I, "blank": _I, "missing": _I,
                          "lacking": _I}),
    "refusals": pa.schema({"sha256": _S, "reason": _S}),
}
# Tables whose rows belong to a report: their first column (report_id) is added when the batch
# is written, from which report each row came, rather than repeated in every row. (The reports
# table holds each report's content hash.)
KEYED = ("sections", "cells", "warnings", "readings", "checks", "summary")
BATCH_SIZE = 256
IN_PROCESS_BELOW = 64  # small runs are parsed in this process: starting workers costs more


@dataclass(frozen=True, slots=True)
class ToParse:
    """A file to parse: its path under the raw folder, its name and the content hash crawled."""

    path: str
    name: str
    sha256: str


# Raised whenever the cached tables' columns change: a cache in an older format is left aside
# (under parsed/) and its reports are parsed again.
CACHE_FORMAT = 3


def cache_dir(warehouse: Path) -> Path:
    return warehouse / "parsed" / f"format-{CACHE_FORMAT}"


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


REPORT_ID_CHARS = 16


def report_id(sha256: str) -> str:
    """A report's id: the first 16 hex digits of its content hash, stable across runs."""
    return sha256[:REPORT_ID_CHARS]


class _Batch:
    """The rows a batch of reports makes, table by table, as tuples in the order of SCHEMAS (a
    Cell is such a tuple already): converted to Arrow in one call per table when written."""

    def __init__(self) -> None:
        self.rows: dict[str, list[tuple]] = {t: [] for t in TABLES}
        self.owner: dict[str, list[int]] = {t: [] for t in KEYED}  # row -> index into `hashes`
        self.hashes: list[str] = []

    def _add(self, table: str, rows: Sequence[tuple]) -> None:
        self.rows[table].extend(rows)
        self.owner[table].extend([len(self.hashes) - 1] * len(rows))

    def add_report(self, sha: str, r: Report) -> None:
        self.hashes.append(sha)
        self.rows["reports"].append((sha, r.agency, r.report_year,
                                     date.fromisoformat(r.published_on) if r.published_on else None,
                                     r.template, r.encoding, r.format, r.layout, r.spam, len(r.warnings)))
        cells = r.cells
        self._add("sections", [(s.code, s.heading, s.start_line, s.end_line, s.found_by, s.text)
                               for s in r.sections])
        self._add("cells", cells)
        self._add("warnings", [(w.code, w.message, w.line) for w in r.warnings])
        self._add("readings", [(t.table, t.reading, t.confidence, t.tried, list(t.disputed), list(t.optional_columns))
                               for t in r.readings])
        statuses = Counter(map(_CELL_STATUS, cells))
        lacking = len(owed_cells(r.template).difference(map(CELL_KEY, cells)))
        self._add("summary", [(len(cells), statuses["ok"], statuses["blank"], statuses["missing"], lacking)])
        self._add("checks", r.outcomes)  # an Outcome is a row of the checks table, in order

    def refuse(self, sha: str, reason: str) -> None:
        self.rows["refusals"].append((sha, reason))

    def table(self, name: str) -> pa.Table:
        schema = SCHEMAS[name]
        if name not in KEYED:
            return pa.Table.from_struct_array(pa.array(self.rows[name], type=pa.struct(schema)))
        body = pa.Table.from_struct_array(pa.array(self.rows[name], type=pa.struct(list(schema)[1:])))
        ids = pa.array([report_id(h) for h in self.hashes], _S)
        return body.add_column(0, schema.field(0), ids.take(pa.array(self.owner[name], _I)))


_CELL_STATUS = itemgetter(4)  # a Cell's status


class ParseStats(NamedTuple):
    parsed: int
    refused: int
    peak_rss_mb: float  # the largest parsing process's peak resident memory


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


@contextmanager
def _no_cyclic_gc() -> Iterator[None]:
    """Parsing makes and keeps hundreds of thousands of small objects and no reference cycles:
    the cyclic collector would walk them all again and again (about a tenth of the time), so it
    is paused while a batch is made and written; the batch is freed by reference counting
    before the collector resumes, and any cycle an error left behind is collected later."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _parse_and_write(raw_root: str, items: Sequence[ToParse], folder: Path) -> tuple[int, int]:
    """Parse the items and write the batch's tables into `folder`: (reports parsed, refused)."""
    read_ahead(os.path.join(raw_root, item.path) for item in items)
    batch = _Batch()
    for item in items:
        try:
            with open(os.path.join(raw_root, item.path), "rb") as f:  # not pathlib: this runs for every file
                data = f.read()
            if hashlib.sha256(data).hexdigest() != item.sha256:
                continue  # changed since the crawl: the next run crawls and parses it again
            batch.add_report(item.sha256, parse_bytes(data, item.name))
        except NotAReportError as exc:
            batch.refuse(item.sha256, str(exc))
        except OSError as exc:
            batch.refuse(item.sha256, f"cannot read the file: {exc.strerror or exc}")
        except Exception as exc:  # a parser bug must not stop the batch: recorded as the reason
            batch.refuse(item.sha256, f"parser error ({type(exc).__name__}): {str(exc)[:300]}")
    for table in TABLES:
        # fast to write: the cache is ours, read whole, so no statistics for readers to skip by
        pq.write_table(batch.table(table), folder / f"{table}.parquet", compression="lz4", write_statistics=False)
    return len(batch.hashes), len(batch.rows["refusals"])


def parse_batch(raw_root: str, items: Sequence[ToParse], target: str) -> ParseStats:
    """Parse one batch and write it to `target` (a folder renamed into place when complete).
    Nothing a file does escapes as an exception."""
    final = Path(target)
    tmp = final.with_name(f".{final.name}.{os.getpid()}.tmp")  # the batch being made: never read
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    with _no_cyclic_gc():
        parsed, refused = _parse_and_write(raw_root, items, tmp)
    if final.exists():  # the same batch parsed twice (a rerun after a crash): keep one
        shutil.rmtree(tmp)
    else:
        os.rename(tmp, final)
    return ParseStats(parsed, refused, _peak_rss_mb())


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
        context = get_context("forkserver")
        context.set_forkserver_preload(["pipelines.staging.parse_worker"])  # workers fork ready, see there
        with ProcessPoolExecutor(max_workers=n, mp_context=context) as pool:
            results = list(pool.map(_run, jobs))
    return ParseStats(sum(r.parsed for r in results), sum(r.refused for r in results),
                      max((r.peak_rss_mb for r in results), default=0.0))


def _batch_id(batch: Sequence[ToParse]) -> str:
    return hashlib.sha256("".join(f.sha256 for f in batch).encode()).hexdigest()[:20]
