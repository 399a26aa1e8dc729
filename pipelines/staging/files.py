"""Writing files so that a crash or a second run never leaves, or finds, half of one.

Everything is first written under a name no other run can pick (the target's name, a random
part, `.tmp`), beside the target, then renamed over it: readers see the old file or the new
one. A run deletes only the temporary files it made itself.
"""

from __future__ import annotations

import os
import uuid
from pathlib import Path

import polars as pl

TMP_SUFFIX = ".tmp"


def temp_beside(target: Path) -> Path:
    """A fresh temporary name in the target's folder, unique to this call (hidden, `.tmp`)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    return target.with_name(f".{target.name}.{uuid.uuid4().hex[:12]}{TMP_SUFFIX}")


def write_parquet_atomic(df: pl.DataFrame, target: Path) -> Path:
    """Write beside the target, fsync, then rename over it."""
    tmp = temp_beside(target)
    try:
        df.write_parquet(tmp, compression="zstd", statistics=True)
        with open(tmp, "rb") as fh:
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)
    return target


def write_text_atomic(text: str, target: Path) -> Path:
    """Write a small text file beside the target, then rename it over the target."""
    tmp = temp_beside(target)
    try:
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)
    return target
