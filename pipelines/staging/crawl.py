"""Crawl the raw folder: one record per file, whatever it holds.

Every file found is recorded, so that reconciliation can prove that each one ends up in the
warehouse or in quarantine. Hidden files (`.gitkeep`) are not reports and are skipped.
"""

from __future__ import annotations

import hashlib
import json
import os
from datetime import UTC, datetime, timedelta
from pathlib import Path
from stat import S_ISLNK, S_ISREG
from typing import NamedTuple

import polars as pl

from pipelines.model import DEFAULT_LIMITS, Limits, NotAReportError
from pipelines.parsing.decode import decode
from pipelines.staging.files import write_parquet_atomic, write_text_atomic

# What each file type the parser reads holds, as the crawl records it (the parser still tells the
# format from the bytes); `.doc` only to say why it cannot. Any other file is still recorded, then
# quarantined with the reason. Text and HTML files get their encoding detected here.
SUFFIX_FORMATS = {".txt": "text", ".md": "text", ".html": "html", ".htm": "html", ".shtml": "html",
                  ".xhtml": "html", ".docx": "docx", ".pdf": "pdf", ".doc": "doc"}
SUPPORTED_SUFFIXES = frozenset(SUFFIX_FORMATS)
TEXT_SUFFIXES = frozenset(s for s, f in SUFFIX_FORMATS.items() if f in ("text", "html"))
# The record of the last crawl, under the warehouse folder, and when every file was last hashed.
CRAWL_FILE = "raw_reports.parquet"
FULL_HASH_FILE = "crawl_full_hash.json"
# A file rewritten with the same size and modification time looks untouched; every this many days
# the crawl hashes every file anyway, so such an edit is found within a week.
REHASH_AFTER_DAYS = 7.0


RAW_SCHEMA = {"path": pl.String, "name": pl.String, "suffix": pl.String, "size": pl.Int64, "sha256": pl.String,
              "modified_at": pl.Float64, "modified_ns": pl.Int64, "encoding": pl.String, "problem": pl.String}


class RawFile(NamedTuple):  # a tuple: one per file of the corpus, and a row of the crawl as it is
    """A file under the raw folder: `path` is relative to it, `problem` why it cannot be read."""

    path: str
    name: str
    suffix: str
    size: int
    sha256: str | None
    modified_at: float
    modified_ns: int
    encoding: str | None
    problem: str | None


def _unreadable_name(root: Path, rel: str) -> RawFile | None:
    """The record of a file whose name is not valid UTF-8 (bytes the system could not decode,
    as names copied from a GBK machine are): it cannot be recorded or reloaded by that name, so it
    is recorded by a readable rendering of it and quarantined with the reason."""
    try:
        rel.encode("utf-8")
        return None
    except UnicodeEncodeError:
        pass
    raw = os.fsencode(rel)
    shown = raw.decode("utf-8", "backslashreplace")
    try:
        hint = f" (read as GB18030: {raw.decode('gb18030')})"
    except UnicodeDecodeError:
        hint = ""
    name = shown.rsplit("/", 1)[-1]
    try:
        st = os.lstat(os.path.join(root, rel))
        size, mtime, mtime_ns = st.st_size, st.st_mtime, st.st_mtime_ns
    except OSError:
        size, mtime, mtime_ns = 0, 0.0, 0
    return RawFile(shown, name, os.path.splitext(name)[1].lower(), size, None, mtime, mtime_ns, None,
                   f"the file name is not valid UTF-8{hint}: rename the file to load it")


def _record(root: Path, rel: str, max_bytes: int) -> RawFile:
    """One file's record (`rel` is its path under `root`, with `/`). Plain `os` calls: this runs
    for every file of the national corpus."""
    bad_name = _unreadable_name(root, rel)
    if bad_name is not None:
        return bad_name
    full = os.path.join(root, rel)
    name = rel.rsplit("/", 1)[-1]
    suffix = os.path.splitext(name)[1].lower()
    try:
        st = os.lstat(full)
        if S_ISLNK(st.st_mode):
            if not Path(full).resolve().is_relative_to(root.resolve()):
                return RawFile(rel, name, suffix, 0, None, st.st_mtime, st.st_mtime_ns, None,
                               "a symlink pointing outside the raw folder: not followed")
            st = os.stat(full)
        if not S_ISREG(st.st_mode):  # a FIFO or device would block or never end: never read
            return RawFile(rel, name, suffix, 0, None, st.st_mtime, st.st_mtime_ns, None,
                           "not a regular file (a pipe, socket or device): not read")
        if st.st_size > max_bytes:  # no annual report is anywhere near it: recorded, quarantined unread
            return RawFile(rel, name, suffix, st.st_size, None, st.st_mtime, st.st_mtime_ns, None,
                           f"too large for an annual report ({st.st_size / 2**20:.0f} MB > "
                           f"{max_bytes / 2**20:.0f} MB): not read")
        with open(full, "rb") as f:
            data = f.read()
    except OSError as exc:
        return RawFile(rel, name, suffix, 0, None, 0.0, 0, None, f"cannot read the file: {exc.strerror or exc}")
    sha = hashlib.sha256(data).hexdigest()
    encoding = None
    problem = None
    if suffix not in SUPPORTED_SUFFIXES:
        problem = f"unsupported file type {suffix or '(none)'}: not read as a report"
    elif suffix in TEXT_SUFFIXES:
        try:
            encoding = decode(data).encoding
        except NotAReportError as exc:
            problem = str(exc)
    return RawFile(rel, name, suffix, st.st_size, sha, st.st_mtime, st.st_mtime_ns, encoding, problem)


def crawl(root: Path, previous: list[RawFile] | None = None, limits: Limits = DEFAULT_LIMITS) -> list[RawFile]:
    """Every non-hidden file below `root`, recursively, in path order.

    A file whose size and modification time are those of the `previous` crawl keeps its
    recorded hash instead of being read again; what changed is then decided by content hash.
    """
    if not root.is_dir():
        return []
    known = {r.path: r for r in previous or ()}
    found: list[RawFile] = []
    rels: list[str] = []
    for dirpath, dirnames, filenames in os.walk(root):
        prefix = os.path.relpath(dirpath, root).replace(os.sep, "/")
        prefix = "" if prefix == "." else prefix + "/"
        for d in dirnames:  # a linked folder is recorded, never walked: it may lead anywhere
            if os.path.islink(os.path.join(dirpath, d)) and not d.startswith("."):
                shown = os.fsencode(prefix + d).decode("utf-8", "backslashreplace")
                found.append(RawFile(shown, shown.rsplit("/", 1)[-1], "", 0, None, 0.0, 0, None,
                                     "a symlink to a folder: not followed"))
        dirnames[:] = sorted(d for d in dirnames
                             if not d.startswith(".") and not os.path.islink(os.path.join(dirpath, d)))
        for f in sorted(filenames):
            if f.startswith("."):
                continue
            unchanged = _unchanged(os.path.join(dirpath, f), known.get(prefix + f))
            if unchanged is not None:
                found.append(unchanged)
            else:
                rels.append(prefix + f)
    found.extend(_record(root, rel, limits.max_bytes) for rel in rels)
    return sorted(found, key=lambda r: r.path)


def _unchanged(full: str, rec: RawFile | None) -> RawFile | None:
    """The previous crawl's record of a file whose size and modification time are unchanged."""
    if rec is None or not rec.sha256:
        return None
    try:
        st = os.stat(full)
    except OSError:
        return None
    return rec if (rec.size, rec.modified_ns) == (st.st_size, st.st_mtime_ns) else None


def crawl_frame(files: list[RawFile]) -> pl.DataFrame:
    """The crawl as a table, with each file's format by its suffix (`other` when not read)."""
    frame = pl.DataFrame(files, schema=RAW_SCHEMA, orient="row")
    return frame.with_columns(format=pl.col("suffix").replace_strict(SUFFIX_FORMATS, default="other"))


def read_crawl(path: Path) -> list[RawFile]:
    """The crawl a previous run wrote (raw_reports.parquet), or nothing."""
    if not path.exists():
        return []
    try:
        return [RawFile(**r) for r in pl.read_parquet(path, columns=list(RawFile._fields)).iter_rows(named=True)]
    except (pl.exceptions.PolarsError, TypeError, OSError):
        return []  # an older or damaged crawl: crawl afresh


class RawFolderError(Exception):
    """The raw folder is missing, unreadable, or holds far fewer files than at the last crawl:
    what an unmounted share looks like. Nothing is recorded, so nothing downstream changes."""


# By default a crawl that finds fewer than half the files of the last one stops the run.
KEEP_AT_LEAST = 0.5


def _check_folder(raw: Path) -> None:
    """Raise when the raw folder is missing or cannot be read (a share not mounted)."""
    if not raw.is_dir():
        raise RawFolderError(f"the raw folder {raw} is missing or not a folder: nothing was crawled and the "
                             "warehouse stays as it was")
    try:
        os.listdir(raw)
    except OSError as exc:
        raise RawFolderError(f"the raw folder {raw} cannot be read ({exc.strerror or exc}): nothing was crawled "
                             "and the warehouse stays as it was") from exc


def _check_shrink(raw: Path, found: int, last: int, keep_at_least: float) -> None:
    """Raise when the folder lost most of the files the last crawl found (a half-synced share)."""
    if last and found < keep_at_least * last:
        raise RawFolderError(
            f"the raw folder {raw} holds {found} files, fewer than {keep_at_least:.0%} of the {last} the last crawl "
            "found (an unmounted or half-synced share looks like this): nothing was recorded and the warehouse "
            "stays as it was. If the files were removed on purpose, run again allowing the removal "
            "(the raw_files asset's `allow_removal`).")


def _full_hash_due(warehouse: Path, rehash_after_days: float, now: datetime) -> bool:
    """Whether this crawl hashes every file: never done, or done `rehash_after_days` ago or more."""
    try:
        last = datetime.fromisoformat(json.loads((warehouse / FULL_HASH_FILE).read_text(encoding="utf-8"))["at"])
    except (OSError, ValueError, KeyError, TypeError):
        return True
    return now - last >= timedelta(days=rehash_after_days)


def crawl_raw(raw: Path, warehouse: Path, *, keep_at_least: float = KEEP_AT_LEAST, allow_removal: bool = False,
              limits: Limits = DEFAULT_LIMITS, rehash_after_days: float = REHASH_AFTER_DAYS) -> list[RawFile]:
    """Crawl the raw folder and record it as `raw_reports.parquet` in the warehouse folder, what
    the later steps read. Untouched files (same size and modification time) keep the last
    crawl's hash, except in a full pass, due every `rehash_after_days` (0: every crawl), which
    hashes every file so that an edit keeping both is found.

    A missing or unreadable folder, or one holding fewer than `keep_at_least` of the files of the
    last crawl (unless `allow_removal`), raises `RawFolderError` before anything is recorded: one
    nightly run on a missing mount must not empty the warehouse.
    """
    _check_folder(raw)  # even a deliberate removal leaves the folder in place, empty
    previous = read_crawl(warehouse / CRAWL_FILE)
    now = datetime.now(UTC)
    full_pass = _full_hash_due(warehouse, rehash_after_days, now)
    files = crawl(raw, None if full_pass else previous, limits)
    if not allow_removal:
        _check_shrink(raw, len(files), len(previous), keep_at_least)
    write_parquet_atomic(crawl_frame(files), warehouse / CRAWL_FILE)
    if full_pass:
        write_text_atomic(json.dumps({"at": now.isoformat()}), warehouse / FULL_HASH_FILE)
    return files


def readable(files: list[RawFile]) -> list[RawFile]:
    """The crawled files the parser is to read: hashed, with nothing known against them."""
    return [f for f in files if f.problem is None and f.sha256 is not None]
