"""The whole refresh without Dagster: raw folder -> Parquet -> DuckDB, for scripts and benchmarks.

The Dagster assets run the same steps one asset each; this runs them back to back.
"""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path

import polars as pl

from pipelines.staging.cells import complete_cells
from pipelines.staging.crawl import crawl
from pipelines.staging.parquet import write_atomic
from pipelines.staging.stage import RAW_SCHEMA, stage
from pipelines.warehouse.load import LoadResult, build


def refresh(raw_dir: Path, warehouse_dir: Path) -> LoadResult:
    """Crawl, parse, stage, build: the same files and tables the Dagster assets write."""
    files = crawl(raw_dir)
    write_atomic(pl.DataFrame([asdict(f) for f in files], schema=RAW_SCHEMA), warehouse_dir / "raw_reports.parquet")
    staged = stage(raw_dir, files).frames()
    for name, df in staged.items():
        write_atomic(df, warehouse_dir / "staging" / f"{name}.parquet")
    write_atomic(complete_cells(staged["cells"], staged["reports"]), warehouse_dir / "cells.parquet")
    return build(warehouse_dir)
