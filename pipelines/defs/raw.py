"""raw_files: every file under the raw folder, with its hash, size and format."""

import dagster as dg
import polars as pl

from pipelines.defs.metadata import frame_metadata
from pipelines.defs.resources import WarehousePaths
from pipelines.staging.crawl import CRAWL_FILE, crawl_raw


@dg.asset(group_name="raw", kinds={"python", "parquet"})
def raw_files(context: dg.AssetExecutionContext, paths: WarehousePaths) -> dg.MaterializeResult:
    """One record per file found (recursively) under the raw folder: path, size, content hash,
    suffix, modification time, detected encoding, and why it cannot be read if so. Files
    unchanged since the last crawl (same size and time) keep their hash without being read again."""
    files = crawl_raw(paths.raw, paths.warehouse)
    df = pl.read_parquet(paths.warehouse / CRAWL_FILE)
    context.log.info(f"crawled {len(files)} files under {paths.raw}")
    return dg.MaterializeResult(metadata=frame_metadata(df, raw_dir=dg.MetadataValue.path(str(paths.raw))))
