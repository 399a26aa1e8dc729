"""Crawl the raw folder: one record per file, whatever it holds.

Every file found is recorded, so that reconciliation can prove that each one ends up in the
warehouse or in quarantine. Hidden files (`.gitkeep`) are not reports and are skipped.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

from pipelines.model import NotAReportError
from pipelines.parsing.decode import decode

# Formats the parser reads (.doc only to say why it cannot); any other file is still recorded,
# then quarantined with the reason. Text formats get their encoding detected here.
TEXT_SUFFIXES = frozenset({".txt", ".md", ".html", ".htm", ".shtml", ".xhtml"})
SUPPORTED_SUFFIXES = TEXT_SUFFIXES | {".docx", ".pdf", ".doc"}


@dataclass(frozen=True, slots=True)
class RawFile:
    """A file under the raw folder: `path` is relative to it, `problem` why it cannot be read."""

    path: str
    name: str
    suffix: str
    size: int
    sha256: str | None
    modified_at: float
    encoding: str | None
    problem: str | None


def _record(root: Path, p: Path) -> RawFile:
    rel = p.relative_to(root).as_posix()
    suffix = p.suffix.lower()
    try:
        if p.is_symlink() and not p.resolve().is_relative_to(root.resolve()):
            return RawFile(rel, p.name, suffix, 0, None, p.lstat().st_mtime, None,
                           "a symlink pointing outside the raw folder: not followed")
        stat = p.stat()
        data = p.read_bytes()
    except OSError as exc:
        return RawFile(rel, p.name, suffix, 0, None, 0.0, None, f"cannot read the file: {exc.strerror or exc}")
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
    return RawFile(rel, p.name, suffix, stat.st_size, sha, stat.st_mtime, encoding, problem)


def crawl(root: Path) -> list[RawFile]:
    """Every non-hidden file below `root`, recursively, in path order."""
    if not root.is_dir():
        return []
    found: list[RawFile] = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for f in sorted(filenames):
            if not f.startswith("."):
                found.append(_record(root, Path(dirpath) / f))
    return sorted(found, key=lambda r: r.path)
