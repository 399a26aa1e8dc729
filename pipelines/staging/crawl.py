"""Crawl the raw folder: one record per file, whatever it holds.

Every file found is recorded, so that reconciliation can prove that each one ends up in the
warehouse or in quarantine. Hidden files (`.gitkeep`) are not reports and are skipped.
"""

from __future__ import annotations

import hashlib
import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass
from pathlib import Path
from stat import S_ISREG

import polars as pl

from pipelines.model import NotAReportError
from pipelines.parsing.decode import decode

# Formats the parser reads (.doc only to say why it cannot); any other file is still recorded,
# then quarantined with the reason. Text formats get their encoding detected here.
TEXT_SUFFIXES = frozenset({".txt", ".md", ".html", ".htm", ".shtml", ".xhtml"})
SUPPORTED_SUFFIXES = TEXT_SUFFIXES | {".docx", ".pdf", ".doc"}
# No annual report is anywhere near this size; a larger file is recorded and quarantined unread.
MAX_BYTES = 50 * 2**20
HASH_THREADS = 4


RAW_SCHEMA = {"path": pl.String, "name": pl.String, "suffix": pl.String, "size": pl.Int64, "sha256": pl.String,
              "modified_at": pl.Float64, "modified_ns": pl.Int64, "encoding": pl.String, "problem": pl.String}


@dataclass(frozen=True, slots=True)
class RawFile:
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


def _record(root: Path, p: Path) -> RawFile:
    rel = p.relative_to(root).as_posix()
    suffix = p.suffix.lower()
    try:
        if p.is_symlink() and not p.resolve().is_relative_to(root.resolve()):
            st = p.lstat()
            return RawFile(rel, p.name, suffix, 0, None, st.st_mtime, st.st_mtime_ns, None,
                           "a symlink pointing outside the raw folder: not followed")
        stat = p.stat()
        if not S_ISREG(stat.st_mode):  # a FIFO or device would block or never end: never read
            return RawFile(rel, p.name, suffix, 0, None, stat.st_mtime, stat.st_mtime_ns, None,
                           "not a regular file (a pipe, socket or device): not read")
        if stat.st_size > MAX_BYTES:
            return RawFile(rel, p.name, suffix, stat.st_size, None, stat.st_mtime, stat.st_mtime_ns, None,
                           f"too large for an annual report ({stat.st_size / 2**20:.0f} MB > "
                           f"{MAX_BYTES / 2**20:.0f} MB): not read")
        data = p.read_bytes()
    except OSError as exc:
        return RawFile(rel, p.name, suffix, 0, None, 0.0, 0, None, f"cannot read the file: {exc.strerror or exc}")
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
    return RawFile(rel, p.name, suffix, stat.st_size, sha, stat.st_mtime, stat.st_mtime_ns, encoding, problem)


def crawl(root: Path, previous: list[RawFile] | None = None) -> list[RawFile]:
    """Every non-hidden file below `root`, recursively, in path order.

    A file whose size and modification time are those of the `previous` crawl keeps its
    recorded hash instead of being read again; what changed is then decided by content hash.
    """
    if not root.is_dir():
        return []
    known = {r.path: r for r in previous or ()}
    found: list[RawFile] = []
    paths: list[Path] = []
    for dirpath, dirnames, filenames in os.walk(root):
        for d in dirnames:  # a linked folder is recorded, never walked: it may lead anywhere
            if os.path.islink(os.path.join(dirpath, d)) and not d.startswith("."):
                rel = (Path(dirpath) / d).relative_to(root).as_posix()
                found.append(RawFile(rel, d, "", 0, None, 0.0, 0, None, "a symlink to a folder: not followed"))
        dirnames[:] = sorted(d for d in dirnames
                             if not d.startswith(".") and not os.path.islink(os.path.join(dirpath, d)))
        for f in sorted(filenames):
            if f.startswith("."):
                continue
            p = Path(dirpath) / f
            unchanged = _unchanged(root, p, known)
            if unchanged is not None:
                found.append(unchanged)
            else:
                paths.append(p)
    # reading and hashing release the GIL: a few threads keep the disk and both cores busy
    with ThreadPoolExecutor(max_workers=HASH_THREADS) as pool:
        found.extend(pool.map(lambda p: _record(root, p), paths, chunksize=64))
    return sorted(found, key=lambda r: r.path)


def _unchanged(root: Path, p: Path, known: dict[str, RawFile]) -> RawFile | None:
    """The previous crawl's record of a file whose size and modification time are unchanged."""
    rec = known.get(p.relative_to(root).as_posix())
    if rec is None or not rec.sha256:
        return None
    try:
        st = p.stat()
    except OSError:
        return None
    return rec if (rec.size, rec.modified_ns) == (st.st_size, st.st_mtime_ns) else None


def crawl_frame(files: list[RawFile]) -> pl.DataFrame:
    return pl.DataFrame([asdict(f) for f in files], schema=RAW_SCHEMA)


def read_crawl(path: Path) -> list[RawFile]:
    """The crawl a previous run wrote (raw_reports.parquet), or nothing."""
    if not path.exists():
        return []
    try:
        return [RawFile(**r) for r in pl.read_parquet(path).iter_rows(named=True)]
    except (pl.exceptions.PolarsError, TypeError, OSError):
        return []  # an older or damaged crawl: crawl afresh


def readable(files: list[RawFile]) -> list[tuple[str, str, str]]:
    """(path, name, content hash) of the crawled files the parser is to read."""
    return [(f.path, f.name, f.sha256) for f in files if f.problem is None and f.sha256 is not None]
