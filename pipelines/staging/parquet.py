"""Write Parquet so that a crash never leaves a half-written file where a reader looks."""

from __future__ import annotations

import os
from pathlib import Path

import polars as pl


def write_atomic(df: pl.DataFrame, path: Path) -> Path:
    """Write beside the target, fsync, then rename over it: readers see the old or the new file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    df.write_parquet(tmp, compression="zstd", statistics=True)
    with open(tmp, "rb") as fh:
        os.fsync(fh.fileno())
    os.replace(tmp, path)
    return path
