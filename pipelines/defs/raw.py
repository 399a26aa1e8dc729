"""raw_reports: every file under data/raw/, with its hash and detected encoding."""

from dataclasses import asdict

import dagster as dg
import polars as pl

from pipelines.defs.metadata import frame_metadata
from pipelines.defs.resources import WarehousePaths
from pipelines.staging.crawl import crawl
from pipelines.staging.parquet import write_atomic
from pipelines.staging.stage import RAW_SCHEMA


@dg.asset(group_name="disclosure", kinds={"python", "parquet"})
def raw_reports(context: dg.AssetExecutionContext, paths: WarehousePaths) -> dg.MaterializeResult:
    """One record per file found (recursively) under the raw folder: path, size, content hash,
    modification time, detected encoding, and why it cannot be read if so."""
    files = crawl(paths.raw)
    df = pl.DataFrame([asdict(f) for f in files], schema=RAW_SCHEMA)
    write_atomic(df, paths.warehouse / "raw_reports.parquet")
    context.log.info(f"crawled {df.height} files under {paths.raw}")
    return dg.MaterializeResult(metadata=frame_metadata(df, raw_dir=str(paths.raw)))
