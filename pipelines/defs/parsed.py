"""parsed_reports: the parse step, where the work is. Each content is parsed once, into the cache."""

import dagster as dg
import polars as pl

from pipelines.defs.failures import disk_full_stops_the_run
from pipelines.defs.metadata import frame_metadata
from pipelines.defs.raw import raw_files
from pipelines.defs.resources import WarehousePaths
from pipelines.staging.crawl import CRAWL_FILE, read_crawl
from pipelines.staging.parse_cache import batch_files, parse_new


@dg.asset(group_name="staging", kinds={"python", "parquet"}, deps=[raw_files], pool="parse")
def parsed_reports(context: dg.AssetExecutionContext, paths: WarehousePaths) -> dg.MaterializeResult:
    """Every readable file parsed into the parse cache (Parquet batches under
    warehouse/parsed/): its report's metadata, sections, cells, warnings, readings and the
    outcomes of its own arithmetic, or the reason it is not a report. Only contents not parsed
    before are parsed, in worker processes; one run parses at a time (pool `parse`)."""
    with disk_full_stops_the_run("writing the parse cache", paths.warehouse):
        stats = parse_new(paths.raw, paths.warehouse, read_crawl(paths.warehouse / CRAWL_FILE),
                          workers=paths.parse_workers or None, limits=paths.limits)
    files = batch_files(paths.warehouse, "reports")
    reports = pl.scan_parquet(files) if files else pl.LazyFrame()
    cached = reports.select(pl.len()).collect().item() if files else 0
    for why in stats.discarded:
        context.log.warning(f"a damaged parse batch was discarded and its files parsed again: {why}")
    context.log.info(f"parsed {stats.parsed} new reports, {stats.refused} refused; {cached} in the cache")
    return dg.MaterializeResult(metadata=frame_metadata(
        reports.head(5).drop("spam").collect() if files else pl.DataFrame(), rows=cached,
        parsed_this_run=dg.MetadataValue.int(stats.parsed),
        refused_this_run=dg.MetadataValue.int(stats.refused),
        damaged_batches_discarded=dg.MetadataValue.json(list(stats.discarded)),
        peak_rss_mb=dg.MetadataValue.float(stats.peak_rss_mb)))
