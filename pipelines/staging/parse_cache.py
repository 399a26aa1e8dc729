"""Parsed reports kept by content hash, so a run parses only what it has not seen.

The parse cache lives in the lake (a `Store`: a local folder, or `s3://...`), under
`parsed/format-N/`. Files to parse are cut into shards by content hash, and each shard into
batches parsed in worker processes (or in this process when few). Each batch is written as
Parquet (reports, sections, cells, warnings, readings, checks, summary, refusals) into a folder
of its own attempt, `batch-<id>.<attempt>/`, and committed by its manifest, written last
(`staging.manifest`): a killed or failed parse leaves a folder without one, which nothing reads
and a later run removes, and two runs at once never touch each other's work. Should both parse
the same batch, readers take the first committed attempt by name. A file whose content changes
gets a new hash and is parsed anew; rows of contents no longer in the raw folder are left
unreferenced and never loaded.

A shard, once parsed, writes its own manifest (`shards/<count>-<index>.json`): the digest of
the content hashes it was given. A rerun whose shard has the same inputs skips it without reading
the cache; one with new or changed files parses only those not cached yet.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import resource
import time
import uuid
from collections import Counter
from collections.abc import Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from datetime import date
from functools import cache
from multiprocessing import current_process, get_context
from typing import NamedTuple

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq

from pipelines.agencies import identify
from pipelines.model import DEFAULT_LIMITS, Limits, NotAReportError, Report, report_id
from pipelines.parsing import parse_bytes
from pipelines.staging.crawl import RawFile, readable
from pipelines.staging.manifest import MANIFEST, damage, write_manifest
from pipelines.staging.time_limit import TooSlow, time_limit
from pipelines.storage import Store, modified_ns, store_of
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


# Raised whenever the cached tables' columns or their layout change: a cache in an older format
# is left aside (under parsed/) and its reports are parsed again.
CACHE_FORMAT = 7
CACHE = f"parsed/format-{CACHE_FORMAT}"


def committed_batches(lake: Store) -> list[str]:
    """The batches in the cache (folders, relative to the lake), in batch order: those committed
    by a manifest, the first attempt by name of each batch."""
    first: dict[str, str] = {}
    for rel in lake.glob(f"{CACHE}/batch-*/{MANIFEST}"):
        folder = rel.rsplit("/", 1)[0]
        first.setdefault(folder.rsplit("/", 1)[1].split(".")[0], folder)
    return [first[b] for b in sorted(first)]


def batch_files(lake: Store | str, table: str) -> list[str]:
    """The Parquet files of one cached table (relative to the lake), in batch order."""
    return [f"{folder}/{table}.parquet" for folder in committed_batches(store_of(lake))]


def owning_batches(lake: Store, report_ids: set[str]) -> dict[str, str]:
    """For each of these reports, the batch folder holding its rows (see `committed_batches`)."""
    owner: dict[str, str] = {}
    for f in batch_files(lake, "reports"):
        for rid in lake.read_parquet(f, columns=["report_id"])["report_id"].to_list():
            if rid in report_ids and rid not in owner:
                owner[rid] = f.rsplit("/", 1)[0]
    return owner


def cached_rows(con: duckdb.DuckDBPyConnection, lake: Store, table: str,
                owners: dict[str, str]) -> duckdb.DuckDBPyRelation:
    """The rows of one cached table (a KEYED one) for these reports, each read from its owning
    batch only (see `owning_batches`), as a relation DuckDB reads straight from the Parquet."""
    if not owners:
        return con.from_arrow(SCHEMAS[table].empty_table())
    lake.register(con)
    owner_files = [lake.uri(f"{batch}/{table}.parquet") for batch in owners.values()]
    chosen = con.from_arrow(pa.table({"report_id": list(owners), "filename": owner_files}))
    rows = con.read_parquet(sorted(set(owner_files)), filename=True)
    return rows.join(chosen, "report_id, filename").select("* exclude (filename)")


def cached_table(con: duckdb.DuckDBPyConnection, lake: Store, table: str) -> duckdb.DuckDBPyRelation:
    """Every batch's rows of one cached table (reports, refusals), or none of the right shape."""
    files = batch_files(lake, table)
    if not files:
        return con.from_arrow(SCHEMAS[table].empty_table())
    lake.register(con)
    return con.read_parquet([lake.uri(f) for f in files])


def known_hashes(lake: Store) -> set[str]:
    """Content hashes already parsed (as reports or refused)."""
    known: set[str] = set()
    for table in ("reports", "refusals"):
        files = batch_files(lake, table)
        if files:
            known.update(lake.read_parquets(files, columns=["sha256"]).column("sha256").to_pylist())
    return known


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
    skipped: bool = False  # a shard whose manifest matched its inputs: nothing was read

    @staticmethod
    def total(parts: Iterable[ParseStats]) -> ParseStats:
        parts = list(parts)
        return ParseStats(sum(p.parsed for p in parts), sum(p.refused for p in parts),
                          max((p.peak_rss_mb for p in parts), default=0.0),
                          tuple(d for p in parts for d in p.discarded), all(p.skipped for p in parts) and bool(parts))


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _parquet(table: pa.Table) -> bytes:
    buffer = io.BytesIO()
    # fast to write: the cache is ours, read whole, so no statistics for readers to skip by
    pq.write_table(table, buffer, compression="lz4", write_statistics=False)
    return buffer.getvalue()


def _parse(raw: Store, items: Sequence[RawFile], limits: Limits) -> _Batch:
    """Parse the items into a batch's rows. Nothing a file does escapes as an exception."""
    batch = _Batch()
    for item, (_, data) in zip(items, raw.read_each(item.path for item in items), strict=True):
        try:
            if isinstance(data, OSError):
                raise data
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
    return batch


def parse_batch(raw: Store, items: Sequence[RawFile], lake: Store, batch_id: str,
                limits: Limits = DEFAULT_LIMITS) -> ParseStats:
    """Parse one batch and commit it to the cache: its tables into a folder of this attempt's own,
    then the manifest. A batch another run committed first is not parsed again."""
    if lake.glob(f"{CACHE}/batch-{batch_id}.*/{MANIFEST}"):
        return ParseStats(0, 0, _peak_rss_mb())
    batch = _parse(raw, items, limits)
    tables = {name: batch.table(name) for name in TABLES}
    folder = f"{CACHE}/batch-{batch_id}.{time.strftime('%Y%m%dT%H%M%S')}-{uuid.uuid4().hex[:8]}"
    write_manifest(lake, folder, {name: _parquet(t) for name, t in tables.items()},
                   {name: t.num_rows for name, t in tables.items()})
    return ParseStats(len(batch.hashes), batch.refused, _peak_rss_mb())


def _run(args: tuple[Store, list[RawFile], Store, str, Limits]) -> ParseStats:
    return parse_batch(*args)


# A batch folder without a manifest this old was left by a run that was killed: no batch takes
# near this long to parse, so removing it cannot disturb a run still in progress.
STALE_AFTER_SECONDS = 6 * 3600


def cache_listing(lake: Store) -> dict[str, dict]:
    """Every file of the cache (path relative to the lake -> the store's details: size, time)."""
    return {f"{CACHE}/{rel}": info for rel, info in lake.child(CACHE).files().items()}


def remove_stale_attempts(lake: Store, listed: dict[str, dict], now: float | None = None) -> None:
    """Remove batch folders never committed (no manifest) whose files are all older than
    STALE_AFTER_SECONDS: a killed run's leftovers, never another run's work in progress.
    `listed`: the cache's files (`cache_listing`)."""
    now = time.time() if now is None else now
    newest: dict[str, float] = {}
    committed: set[str] = set()
    for rel, info in listed.items():
        folder, _, name = rel.rpartition("/")
        if not folder.rpartition("/")[2].startswith("batch-"):
            continue
        if name == MANIFEST:
            committed.add(folder)
        newest[folder] = max(newest.get(folder, 0.0), modified_ns(info) / 1e9)
    for folder, when in newest.items():
        if folder not in committed and now - when > STALE_AFTER_SECONDS:
            lake.remove(folder, recursive=True)


def discard_damaged(lake: Store, listed: dict[str, dict]) -> tuple[str, ...]:
    """Remove the committed batches that do not match their manifests; say which and why. Shard
    manifests are then forgotten too, so that every shard looks for its files again. `listed`:
    the cache's files (`cache_listing`), what an object store's batches are checked against."""
    found = []
    for folder in committed_batches(lake):
        problem = damage(lake, folder, None if lake.is_local else listed)
        if problem is not None:
            lake.remove(folder, recursive=True)
            found.append(f"{folder.rsplit('/', 1)[1]}: {problem}")
    if found:
        for manifest in lake.glob(f"{CACHE}/shards/*.json"):
            lake.remove(manifest)
    return tuple(found)


class Shard(NamedTuple):
    """One of `count` shards of a run's files: those whose content hash falls in it."""

    index: int
    count: int

    def holds(self, sha256: str) -> bool:
        return int(sha256[:8], 16) % self.count == self.index

    @property
    def manifest(self) -> str:
        return f"{CACHE}/shards/{self.count}-{self.index}.json"


WHOLE = Shard(0, 1)  # every file: one shard, the default


def prepare_cache(lake: Store) -> tuple[str, ...]:
    """Before a run's shards: damaged batches discarded (their reasons returned), a killed run's
    leftovers removed."""
    listed = cache_listing(lake)  # one listing of the cache serves both
    discarded = discard_damaged(lake, listed)
    remove_stale_attempts(lake, listed)
    return discarded


def _inputs_digest(shas: list[str]) -> str:
    return hashlib.sha256("\n".join(shas).encode()).hexdigest()


def parse_shard(raw: Store | str, lake: Store | str, files: Sequence[RawFile], shard: Shard = WHOLE, *,
                workers: int | None = None, batch_size: int = BATCH_SIZE,
                limits: Limits = DEFAULT_LIMITS) -> ParseStats:
    """Parse the readable files of one shard whose content hash is not cached yet, in batches over
    worker processes (in this process when there are few, or `workers` is 1); then write the
    shard's manifest. A shard whose manifest matches its inputs is skipped without reading the
    cache."""
    raw, lake = store_of(raw), store_of(lake)
    mine: dict[str, RawFile] = {}
    for f in readable(list(files)):
        if shard.holds(f.sha256 or "") and f.sha256 not in mine:
            mine[f.sha256 or ""] = f
    digest = _inputs_digest(sorted(mine))
    try:
        if json.loads(lake.read_text(shard.manifest))["inputs"] == digest:
            return ParseStats(0, 0, 0.0, skipped=True)
    except (OSError, ValueError, KeyError, TypeError):
        pass  # no manifest (never parsed, killed, forgotten after damage): the shard is parsed
    seen = known_hashes(lake)
    items = sorted((f for sha, f in mine.items() if sha not in seen), key=lambda f: f.sha256 or "")
    batches = [items[i:i + batch_size] for i in range(0, len(items), batch_size)]
    jobs = [(raw, b, lake, _batch_id(b), limits) for b in batches]
    # a daemonic process (a Dask worker) may not start processes: it parses its shard itself, and
    # the cluster's other workers parse the other shards
    if len(items) < IN_PROCESS_BELOW or (workers or os.cpu_count() or 1) == 1 or current_process().daemon:
        results = [_run(j) for j in jobs]
    else:
        n = min(workers or os.cpu_count() or 1, len(jobs))
        context = get_context("forkserver")
        # the workers are forked from a server that has imported the parser once, not each on its own
        context.set_forkserver_preload(["pipelines.staging.parse_cache"])
        with ProcessPoolExecutor(max_workers=n, mp_context=context) as pool:
            results = list(pool.map(_run, jobs))
    lake.write_text(shard.manifest, json.dumps({"inputs": digest, "files": len(mine), "parsed": len(items)}))
    return ParseStats.total(results) if results else ParseStats(0, 0, _peak_rss_mb())


def parse_new(raw: Store | str, lake: Store | str, files: Sequence[RawFile], *, workers: int | None = None,
              batch_size: int = BATCH_SIZE, limits: Limits = DEFAULT_LIMITS) -> ParseStats:
    """Every readable file not cached yet parsed, as one shard in this process (what a run with
    the default configuration does); damaged batches are discarded first, so their files are among
    those parsed again."""
    lake = store_of(lake)
    discarded = prepare_cache(lake)
    stats = parse_shard(raw, lake, files, workers=workers, batch_size=batch_size, limits=limits)
    return stats._replace(discarded=discarded)


def _batch_id(batch: Sequence[RawFile]) -> str:
    return hashlib.sha256("".join(f.sha256 or "" for f in batch).encode()).hexdigest()[:20]
