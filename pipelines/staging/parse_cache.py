"""Parsed reports kept by content hash, so a run parses only what it has not seen.

Files to parse are cut into batches and parsed in worker processes; each batch is written as
Parquet (reports, sections, cells, warnings, refusals) into a temporary folder of its own, named
for this run alone, that is renamed into place only when complete: a crash never leaves half a
batch behind (the next run parses that batch again), and two runs at once never touch each
other's work. Should both parse the same batch, the first rename wins and the other run drops
its copy. A file whose content changes gets a new hash and is parsed anew; rows of contents no
longer in the raw folder are left unreferenced and never loaded.
"""

from __future__ import annotations

import hashlib
import os
import resource
import shutil
import tempfile
import time
from collections import Counter
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from datetime import date
from functools import cache
from multiprocessing import get_context
from pathlib import Path
from typing import NamedTuple

import duckdb
import polars as pl
import pyarrow as pa
import pyarrow.parquet as pq

from pipelines.agencies import identify
from pipelines.model import DEFAULT_LIMITS, Limits, NotAReportError, Report, report_id
from pipelines.parsing import parse_bytes
from pipelines.staging.crawl import RawFile, readable
from pipelines.staging.files import TMP_SUFFIX
from pipelines.staging.manifest import damage, write_manifest
from pipelines.staging.time_limit import TooSlow, time_limit
from pipelines.templates import templates

TABLES = ("reports", "sections", "cells", "warnings", "readings", "checks", "summary", "refusals")
_S, _I, _F = pa.string(), pa.int32(), pa.float64()
SCHEMAS: dict[str, pa.Schema] = {
    "reports": pa.schema({"sha256": _S, "report_id": _S, "agency": _S, "report_year": _I, "published_on": pa.date32(),
                          "template": _S, "encoding": _S, "format": _S, "layout": _S, "spam": pa.list_(_S),
                          "warning_count": _I, "agency_id": _S, "agency_canonical": _S, "agency_body": _S,
                          "agency_kind": _S, "division_code": _S, "agency_resolution": _S, "agency_note": _S}),
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


# Raised whenever the cached tables' columns change: a cache in an older format is left aside
# (under parsed/) and its reports are parsed again.
CACHE_FORMAT = 6


def cache_dir(warehouse: Path) -> Path:
    return warehouse / "parsed" / f"format-{CACHE_FORMAT}"


def batch_files(warehouse: Path, table: str) -> list[str]:
    """The Parquet files of one cached table, in batch order."""
    root = cache_dir(warehouse)
    return sorted(str(p) for p in root.glob(f"batch-*/{table}.parquet")) if root.is_dir() else []


def owning_batches(warehouse: Path, report_ids: set[str]) -> dict[str, Path]:
    """For each of these reports, the batch folder holding its rows: the first by name, should
    two runs have parsed it into two batches."""
    owner: dict[str, Path] = {}
    for f in batch_files(warehouse, "reports"):
        for rid in pq.read_table(f, columns=["report_id"]).column(0).to_pylist():
            if rid in report_ids and rid not in owner:
                owner[rid] = Path(f).parent
    return owner


def cached_rows(con: duckdb.DuckDBPyConnection, table: str, owners: dict[str, Path]) -> duckdb.DuckDBPyRelation:
    """The rows of one cached table (a KEYED one) for these reports, each read from its owning
    batch only (see `owning_batches`), as a relation DuckDB reads straight from the Parquet."""
    if not owners:
        return con.from_arrow(SCHEMAS[table].empty_table())
    owner_files = [str(batch / f"{table}.parquet") for batch in owners.values()]
    chosen = con.from_arrow(pa.table({"report_id": list(owners), "filename": owner_files}))
    rows = con.read_parquet(sorted(set(owner_files)), filename=True)
    return rows.join(chosen, "report_id, filename").select("* exclude (filename)")


def known_hashes(warehouse: Path) -> set[str]:
    """Content hashes already parsed (as reports or refused)."""
    files = batch_files(warehouse, "reports") + batch_files(warehouse, "refusals")
    if not files:
        return set()
    return set(pl.scan_parquet(files).select("sha256").collect()["sha256"].to_list())


@cache  # once per form: asked for every report a batch writes
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


class _Batch:
    """The rows a batch of reports makes, table by table, kept as columns in the order of SCHEMAS
    (a Cell and an Outcome are rows in that order already) and converted to Arrow once per table
    when written. Columns, not rows: a batch holds a few hundred thousand cells, and held as row
    tuples they are objects the garbage collector walks again and again while the batch grows
    (measured: 0.35-0.45 ms a report, a sixth of the parse); a column of strings and numbers is
    one list it skips."""

    def __init__(self) -> None:
        self.columns: dict[str, list[list]] = {
            t: [[] for _ in SCHEMAS[t].names[1 if t in KEYED else 0:]] for t in TABLES}
        self.owner: dict[str, list[int]] = {t: [] for t in KEYED}  # row -> index into `hashes`
        self.hashes: list[str] = []

    def _append(self, table: str, rows: Sequence[tuple]) -> None:
        # (no rows: nothing to transpose, hence the outer zip is not strict)
        for column, values in zip(self.columns[table], zip(*rows, strict=True), strict=False):
            column.extend(values)

    def _add(self, table: str, rows: Sequence[tuple]) -> None:
        self._append(table, rows)
        self.owner[table].extend([len(self.hashes) - 1] * len(rows))

    def add_report(self, sha: str, r: Report) -> None:
        self.hashes.append(sha)
        self._append("reports", [(sha, report_id(sha), r.agency, r.report_year,
                                  date.fromisoformat(r.published_on) if r.published_on else None,
                                  r.template, r.encoding, r.format, r.layout, r.spam, len(r.warnings),
                                  *(r.identity or identify(r.agency)))])
        cells = r.cells
        self._add("sections", [(s.code, s.heading, s.start_line, s.end_line, s.found_by, s.text)
                               for s in r.sections])
        self._add("cells", cells)
        self._add("warnings", [(w.code, w.message, w.line) for w in r.warnings])
        self._add("readings", [(t.table, t.reading, t.confidence, t.tried, list(t.disputed), list(t.optional_columns))
                               for t in r.readings])
        statuses = Counter(c.status for c in cells)
        lacking = len(owed_cells(r.template).difference((c.table, c.row, c.col) for c in cells))
        self._add("summary", [(len(cells), statuses["ok"], statuses["blank"], statuses["missing"], lacking)])
        self._add("checks", r.outcomes)  # an Outcome is a row of the checks table, in order

    def refuse(self, sha: str, reason: str) -> None:
        self._append("refusals", [(sha, reason)])

    @property
    def refused(self) -> int:
        return len(self.columns["refusals"][0])

    def table(self, name: str) -> pa.Table:
        schema = SCHEMAS[name]
        fields = list(schema)[1:] if name in KEYED else list(schema)
        arrays = [pa.array(column, f.type) for column, f in zip(self.columns[name], fields, strict=True)]
        if name in KEYED:
            ids = pa.array([report_id(h) for h in self.hashes], _S)
            arrays.insert(0, ids.take(pa.array(self.owner[name], _I)))
        return pa.Table.from_arrays(arrays, schema=schema)


class ParseStats(NamedTuple):
    parsed: int
    refused: int
    peak_rss_mb: float  # the largest parsing process's peak resident memory
    discarded: tuple[str, ...] = ()  # damaged batches found and discarded (their files parsed again): why


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _parse_and_write(raw_root: str, items: Sequence[RawFile], folder: Path, limits: Limits) -> tuple[int, int]:
    """Parse the items and write the batch's tables into `folder`: (reports parsed, refused)."""
    batch = _Batch()
    for item in items:
        try:
            data = (Path(raw_root) / item.path).read_bytes()
            if hashlib.sha256(data).hexdigest() != item.sha256:
                continue  # changed since the crawl: the next run crawls and parses it again
            with time_limit(limits.max_parse_seconds):
                report = parse_bytes(data, item.name, limits)
            batch.add_report(item.sha256, report)
        except TooSlow:
            batch.refuse(item.sha256, f"took more than {limits.max_parse_seconds:g} s to parse, far longer than any "
                         "annual report: stopped")
        except NotAReportError as exc:
            batch.refuse(item.sha256, str(exc))
        except OSError as exc:
            batch.refuse(item.sha256, f"cannot read the file: {exc.strerror or exc}")
        except Exception as exc:  # a parser bug must not stop the batch: recorded as the reason
            batch.refuse(item.sha256, f"parser error ({type(exc).__name__}): {str(exc)[:300]}")
    rows = {}
    for table in TABLES:
        arrow = batch.table(table)
        # fast to write: the cache is ours, read whole, so no statistics for readers to skip by
        pq.write_table(arrow, folder / f"{table}.parquet", compression="lz4", write_statistics=False)
        rows[table] = arrow.num_rows
    write_manifest(folder, rows)
    return len(batch.hashes), batch.refused


def parse_batch(raw_root: str, items: Sequence[RawFile], target: str, limits: Limits = DEFAULT_LIMITS) -> ParseStats:
    """Parse one batch and write it to `target` (a folder renamed into place when complete).
    Nothing a file does escapes as an exception."""
    final = Path(target)
    tmp = Path(tempfile.mkdtemp(prefix=f".{final.name}.", suffix=TMP_SUFFIX, dir=final.parent))  # this call's own
    try:
        parsed, refused = _parse_and_write(raw_root, items, tmp, limits)
        try:
            os.rename(tmp, final)
        except OSError:
            if not final.is_dir():
                raise
            # another run (or a rerun after a crash) put the same batch in place first: keep theirs
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return ParseStats(parsed, refused, _peak_rss_mb())


def _run(args: tuple[str, list[RawFile], str, Limits]) -> ParseStats:
    return parse_batch(*args)


# A temporary batch folder this old was left by a run that was killed: no batch takes near this
# long to parse, so removing it cannot disturb a run still in progress.
STALE_AFTER_SECONDS = 6 * 3600


def _remove_stale_batches(root: Path) -> None:
    for leftover in root.glob(f".batch-*{TMP_SUFFIX}"):
        try:
            if time.time() - leftover.stat().st_mtime > STALE_AFTER_SECONDS:
                shutil.rmtree(leftover, ignore_errors=True)
        except OSError:
            continue  # removed meanwhile by its own run


def discard_damaged(warehouse: Path) -> tuple[str, ...]:
    """Remove the batches in place that do not match their manifests; say which and why."""
    found = []
    for folder in sorted(cache_dir(warehouse).glob("batch-*")):
        problem = damage(folder)
        if problem is not None:
            shutil.rmtree(folder, ignore_errors=True)
            found.append(f"{folder.name}: {problem}")
    return tuple(found)


def parse_new(raw_root: Path, warehouse: Path, files: Sequence[RawFile], *, workers: int | None = None,
              batch_size: int = BATCH_SIZE, limits: Limits = DEFAULT_LIMITS) -> ParseStats:
    """Parse the readable crawled files whose content hash is not cached yet, in batches over
    worker processes (in this process when there are few). Damaged batches are discarded first,
    so their files are among those parsed again."""
    discarded = discard_damaged(warehouse) if cache_dir(warehouse).is_dir() else ()
    seen = known_hashes(warehouse)
    todo: dict[str, RawFile] = {}
    for f in readable(list(files)):
        if f.sha256 not in seen and f.sha256 not in todo:
            todo[f.sha256] = f
    items = sorted(todo.values(), key=lambda f: f.sha256 or "")
    batches = [items[i:i + batch_size] for i in range(0, len(items), batch_size)]
    root = cache_dir(warehouse)
    root.mkdir(parents=True, exist_ok=True)
    _remove_stale_batches(root)
    jobs = [(str(raw_root), b, str(root / f"batch-{_batch_id(b)}"), limits) for b in batches]
    if len(items) < IN_PROCESS_BELOW or (workers or os.cpu_count() or 1) == 1:
        results = [_run(j) for j in jobs]
    else:
        n = min(workers or os.cpu_count() or 1, len(jobs))
        context = get_context("forkserver")
        # the workers are forked from a server that has imported the parser once, not each on its own
        context.set_forkserver_preload(["pipelines.staging.parse_cache"])
        with ProcessPoolExecutor(max_workers=n, mp_context=context) as pool:
            results = list(pool.map(_run, jobs))
    return ParseStats(sum(r.parsed for r in results), sum(r.refused for r in results),
                      max((r.peak_rss_mb for r in results), default=0.0), discarded)


def _batch_id(batch: Sequence[RawFile]) -> str:
    return hashlib.sha256("".join(f.sha256 or "" for f in batch).encode()).hexdigest()[:20]
