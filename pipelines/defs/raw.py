"""raw_reports: every file under data/raw/, with its hash and detected encoding."""

import dagster as dg
import polars as pl

from pipelines.defs.metadata import frame_metadata
from pipelines.defs.resources import WarehousePaths
from pipelines.warehouse.refresh import CRAWL_FILE, crawl_raw


@dg.asset(group_name="disclosure", kinds={"python", "parquet"})
def raw_reports(context: dg.AssetExecutionContext, paths: WarehousePaths) -> dg.MaterializeResult:
    """One record per file found (recursively) under the raw folder: path, size, content hash,
    modification time, detected encoding, and why it cannot be read if so. Files unchanged since
    the last crawl (same size and time) keep their hash without being read again."""
    crawled = crawl_raw(paths.raw, paths.warehouse)
    df = pl.read_parquet(paths.warehouse / CRAWL_FILE)
    context.log.info(f"crawled {crawled.files} files under {paths.raw}")
    return dg.MaterializeResult(metadata=frame_metadata(df, raw_dir=str(paths.raw)))
