"""Crawl the raw folder: one record per file, whatever it holds.

Every file found is recorded, so that reconciliation can prove that each one ends up in the
warehouse or in quarantine. Hidden files (`.gitkeep`) are not reports and are skipped.

The raw folder is a `Store`: a local folder is walked with plain `os` calls (it may hold what only
a local disk can: symlinks leading out, pipes, names in another encoding, each recorded with why
it is not read); an object store (`s3://...`) is listed through fsspec, where none of those exist.
The crawl's record is written to the lake store, beside the parse cache.
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
from pipelines.storage import Store, modified_ns, store_of

# What each file type the parser reads holds, as the crawl records it (the parser still tells the
# format from the bytes); `.doc` only to say why it cannot. Any other file is still recorded, then
# quarantined with the reason. Text and HTML files get their encoding detected here.
SUFFIX_FORMATS = {".txt": "text", ".md": "text", ".html": "html", ".htm": "html", ".shtml": "html",
                  ".xhtml": "html", ".docx": "docx", ".pdf": "pdf", ".doc": "doc"}
SUPPORTED_SUFFIXES = frozenset(SUFFIX_FORMATS)
TEXT_SUFFIXES = frozenset(s for s, f in SUFFIX_FORMATS.items() if f in ("text", "html"))
# The record of the last crawl, in the lake (beside the parse cache), and when every file was last hashed.
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
    """One local file's record (`rel` is its path under `root`, with `/`). Plain `os` calls: this
    runs for every file of the national corpus."""
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
        if st.st_size > max_bytes:
            return _too_large(rel, st.st_size, st.st_mtime_ns, max_bytes)
        with open(full, "rb") as f:
            data = f.read()
    except OSError as exc:
        return RawFile(rel, name, suffix, 0, None, 0.0, 0, None, f"cannot read the file: {exc.strerror or exc}")
    return _described(rel, st.st_size, st.st_mtime_ns, data)


def _too_large(rel: str, size: int, mtime_ns: int, max_bytes: int) -> RawFile:
    """No annual report is anywhere near this size: recorded, quarantined unread."""
    name = rel.rsplit("/", 1)[-1]
    return RawFile(rel, name, os.path.splitext(name)[1].lower(), size, None, mtime_ns / 1e9, mtime_ns, None,
                   f"too large for an annual report ({size / 2**20:.0f} MB > {max_bytes / 2**20:.0f} MB): not read")


def _described(rel: str, size: int, mtime_ns: int, data: bytes) -> RawFile:
    """The record of a file read whole: its hash, its type, and for text its encoding."""
    name = rel.rsplit("/", 1)[-1]
    suffix = os.path.splitext(name)[1].lower()
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
    return RawFile(rel, name, suffix, size, sha, mtime_ns / 1e9, mtime_ns, encoding, problem)


def crawl(raw: Store | str | Path, previous: list[RawFile] | None = None,
          limits: Limits = DEFAULT_LIMITS) -> list[RawFile]:
    """Every non-hidden file below the raw folder, recursively, in path order.

    A file whose size and modification time are those of the `previous` crawl keeps its
    recorded hash instead of being read again; what changed is then decided by content hash.
    """
    raw = store_of(raw)
    known = {r.path: r for r in previous or ()}
    if raw.is_local:
        return _crawl_local(raw.local_path(), known, limits)
    found = []
    to_read: dict[str, tuple[int, int]] = {}  # path -> (size, modification time in ns)
    for rel, info in raw.files().items():
        if any(part.startswith(".") for part in rel.split("/")):
            continue
        size, mtime_ns = int(info.get("size") or 0), modified_ns(info)
        rec = known.get(rel)
        if rec is not None and rec.sha256 and (rec.size, rec.modified_ns) == (size, mtime_ns):
            found.append(rec)
        elif size > limits.max_bytes:
            found.append(_too_large(rel, size, mtime_ns, limits.max_bytes))
        else:
            to_read[rel] = (size, mtime_ns)
    for rel, data in raw.read_each(to_read):
        size, mtime_ns = to_read[rel]
        if isinstance(data, bytes):
            found.append(_described(rel, size, mtime_ns, data))
        else:
            name = rel.rsplit("/", 1)[-1]
            found.append(RawFile(rel, name, os.path.splitext(name)[1].lower(), size, None, 0.0, 0, None,
                                 f"cannot read the file: {data}"))
    return sorted(found, key=lambda r: r.path)


def _crawl_local(root: Path, known: dict[str, RawFile], limits: Limits) -> list[RawFile]:
    """A local raw folder, walked with `os` (see the module's docstring)."""
    if not root.is_dir():
        return []
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


def read_crawl(lake: Store | str | Path) -> list[RawFile]:
    """The crawl a previous run wrote (raw_reports.parquet in the lake), or nothing."""
    lake = store_of(lake)
    if not lake.exists(CRAWL_FILE):
        return []
    try:
        frame = lake.read_parquet(CRAWL_FILE, columns=list(RawFile._fields))
        return [RawFile(**r) for r in frame.iter_rows(named=True)]
    except (pl.exceptions.PolarsError, TypeError, OSError, ValueError):
        return []  # an older or damaged crawl: crawl afresh


class RawFolderError(Exception):
    """The raw folder is missing, unreadable, or holds far fewer files than at the last crawl:
    what an unmounted share looks like. Nothing is recorded, so nothing downstream changes."""


# By default a crawl that finds fewer than half the files of the last one stops the run.
KEEP_AT_LEAST = 0.5


def _check_folder(raw: Store) -> None:
    """Raise when the raw folder is missing or cannot be read (a share not mounted, a bucket gone)."""
    try:
        if not raw.is_dir():
            raise RawFolderError(f"the raw folder {raw.url} is missing or not a folder: nothing was crawled and "
                                 "the warehouse stays as it was")
        raw.fs.ls(raw.path())
    except OSError as exc:
        raise RawFolderError(f"the raw folder {raw.url} cannot be read ({exc.strerror or exc}): nothing was crawled "
                             "and the warehouse stays as it was") from exc


def _check_shrink(raw: Store, found: int, last: int, keep_at_least: float) -> None:
    """Raise when the folder lost most of the files the last crawl found (a half-synced share)."""
    if last and found < keep_at_least * last:
        raise RawFolderError(
            f"the raw folder {raw.url} holds {found} files, fewer than {keep_at_least:.0%} of the {last} the last "
            "crawl found (an unmounted or half-synced share looks like this): nothing was recorded and the warehouse "
            "stays as it was. If the files were removed on purpose, run again allowing the removal "
            "(the raw_files asset's `allow_removal`).")


def _full_hash_due(lake: Store, rehash_after_days: float, now: datetime) -> bool:
    """Whether this crawl hashes every file: never done, or done `rehash_after_days` ago or more."""
    try:
        last = datetime.fromisoformat(json.loads(lake.read_text(FULL_HASH_FILE))["at"])
    except (OSError, ValueError, KeyError, TypeError):
        return True
    return now - last >= timedelta(days=rehash_after_days)


def crawl_raw(raw: Store | str | Path, lake: Store | str | Path, *, keep_at_least: float = KEEP_AT_LEAST,
              allow_removal: bool = False, limits: Limits = DEFAULT_LIMITS,
              rehash_after_days: float = REHASH_AFTER_DAYS) -> list[RawFile]:
    """Crawl the raw folder and record it as `raw_reports.parquet` in the lake, what
    the later steps read. Untouched files (same size and modification time) keep the last
    crawl's hash, except in a full pass, due every `rehash_after_days` (0: every crawl), which
    hashes every file so that an edit keeping both is found.

    A missing or unreadable folder, or one holding fewer than `keep_at_least` of the files of the
    last crawl (unless `allow_removal`), raises `RawFolderError` before anything is recorded: one
    nightly run on a missing mount must not empty the warehouse.
    """
    raw, lake = store_of(raw), store_of(lake)
    _check_folder(raw)  # even a deliberate removal leaves the folder in place, empty
    previous = read_crawl(lake)
    now = datetime.now(UTC)
    full_pass = _full_hash_due(lake, rehash_after_days, now)
    files = crawl(raw, None if full_pass else previous, limits)
    if not allow_removal:
        _check_shrink(raw, len(files), len(previous), keep_at_least)
    lake.write_parquet(crawl_frame(files), CRAWL_FILE)
    if full_pass:
        lake.write_text(FULL_HASH_FILE, json.dumps({"at": now.isoformat()}))
    return files


def readable(files: list[RawFile]) -> list[RawFile]:
    """The crawled files the parser is to read: hashed, with nothing known against them."""
    return [f for f in files if f.problem is None and f.sha256 is not None]
