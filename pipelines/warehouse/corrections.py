"""Reviewers' corrections and reviews: CSV files under the corrections folder, kept in git.

No parser reads every real report right. A reviewer who finds a cell misread records the value
the report prints (`corrections.csv`: the report's content hash, the cell, the value, the value
parsed when the correction was made, who, when, why); one who has checked a report records that
(`reviews.csv`). The files are the record, appended to and never rewritten, so their history is
the history of every correction. Each load applies them (`apply_corrections.sql`), logs every
correction ever made with its status (`correction_log`), and evaluates the rules of the
corrected reports on the corrected values. A correction whose report is no longer in the raw
folder, or whose parsed value has changed since (the parser now reads the cell differently), is
reported stale and not applied: it was made against something that is gone.
"""

from __future__ import annotations

import csv
import io
from dataclasses import astuple, dataclass, fields
from datetime import UTC, datetime
from pathlib import Path

import polars as pl

CORRECTIONS_FILE = "corrections.csv"
REVIEWS_FILE = "reviews.csv"


@dataclass(frozen=True, slots=True)
class Correction:
    """One cell of one report set to the value it prints (`value` None: printed blank)."""

    report_sha256: str
    table_code: str
    row_code: str
    col_code: str
    value: float | None
    parsed_value: float | None
    corrected_by: str
    corrected_at: str
    reason: str


@dataclass(frozen=True, slots=True)
class Review:
    """One report checked by a reviewer: it leaves the review queue."""

    report_sha256: str
    reviewed_by: str
    reviewed_at: str
    note: str


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _names(record: type) -> list[str]:
    return [f.name for f in fields(record)]


def _append(path: Path, record: Correction | Review) -> None:
    """One line added to the file (its header first when new), in one write: an append of one
    short line is not interleaved with another process's."""
    path.parent.mkdir(parents=True, exist_ok=True)
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    if not path.exists() or path.stat().st_size == 0:
        writer.writerow(_names(type(record)))
    writer.writerow(["" if v is None else v for v in astuple(record)])
    with path.open("a", encoding="utf-8", newline="") as f:
        f.write(buf.getvalue())


def add_correction(folder: Path, correction: Correction) -> None:
    _append(folder / CORRECTIONS_FILE, correction)


def add_review(folder: Path, review: Review) -> None:
    _append(folder / REVIEWS_FILE, review)


def _read(path: Path, record: type, numbers: tuple[str, ...] = ()) -> pl.DataFrame:
    names = _names(record)
    schema = {n: (pl.Float64 if n in numbers else pl.String) for n in names}
    # an empty field is null: a value corrected to blank
    frame = pl.read_csv(path, schema=schema) if path.exists() else pl.DataFrame(schema=schema)
    return frame.with_row_index("seq", offset=1)  # the order they were made in


def read_corrections(folder: Path) -> pl.DataFrame:
    """Every correction ever made, in the order made (`seq`)."""
    return _read(folder / CORRECTIONS_FILE, Correction, ("value", "parsed_value"))


def read_reviews(folder: Path) -> pl.DataFrame:
    """Every review recorded, in the order made (`seq`)."""
    return _read(folder / REVIEWS_FILE, Review)
