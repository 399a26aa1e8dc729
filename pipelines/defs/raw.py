"""raw_files: every file under the raw folder, with its hash, size and format."""

import dagster as dg

from pipelines.defs.failures import disk_full_stops_the_run
from pipelines.defs.metadata import frame_metadata
from pipelines.defs.resources import WarehousePaths
from pipelines.staging.crawl import CRAWL_FILE, KEEP_AT_LEAST, REHASH_AFTER_DAYS, RawFolderError, crawl_raw


class CrawlConfig(dg.Config):
    """Set in the launchpad, or `run_config`: accept a raw folder that lost most of its files, and
    how often every file is hashed again."""

    allow_removal: bool = False
    keep_at_least: float = KEEP_AT_LEAST  # share of the last crawl's files below which the run stops
    rehash_after_days: float = REHASH_AFTER_DAYS  # every file hashed again this often (0: every run)


@dg.asset(group_name="raw", kinds={"python", "parquet"})
def raw_files(context: dg.AssetExecutionContext, config: CrawlConfig, paths: WarehousePaths) -> dg.MaterializeResult:
    """One record per file found (recursively) under the raw folder: path, size, content hash,
    format, modification time, detected encoding, and why it cannot be read if so. Files
    unchanged since the last crawl (same size and time) keep their hash without being read again.
    A missing or unreadable raw folder, or one that lost most of its files since the last crawl,
    fails this step with the reason, so the run stops before the warehouse changes."""
    try:
        with disk_full_stops_the_run("recording the crawl", paths.warehouse):
            files = crawl_raw(paths.raw, paths.lake, keep_at_least=config.keep_at_least,
                              allow_removal=config.allow_removal, limits=paths.limits,
                              rehash_after_days=config.rehash_after_days)
    except RawFolderError as exc:
        context.log.error(str(exc))
        raise dg.Failure(description=str(exc), metadata={"raw_dir": dg.MetadataValue.path(paths.raw_dir)},
                         allow_retries=False) from exc
    df = paths.lake.read_parquet(CRAWL_FILE)
    context.log.info(f"crawled {len(files)} files under {paths.raw_dir}")
    return dg.MaterializeResult(metadata=frame_metadata(df, raw_dir=dg.MetadataValue.path(paths.raw_dir)))
