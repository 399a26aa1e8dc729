"""report_sections: parse what is new into the cache, then stage metadata and section texts."""

import dagster as dg
import polars as pl

from pipelines.defs.metadata import frame_metadata, markdown_table
from pipelines.defs.raw import raw_reports
from pipelines.defs.resources import WarehousePaths
from pipelines.staging.assemble import stage_reports
from pipelines.staging.crawl import read_crawl, readable
from pipelines.staging.parse_cache import ToParse, parse_new
from pipelines.warehouse.refresh import CRAWL_FILE


@dg.asset(group_name="disclosure", kinds={"python", "parquet"}, deps=[raw_reports])
def report_sections(context: dg.AssetExecutionContext, paths: WarehousePaths) -> dg.MaterializeResult:
    """Metadata and the text of each section of every report, Parquet. Only contents not parsed
    before are parsed (in worker processes, in batches); files that are not reports go to the
    quarantine with the reason, none is dropped."""
    files = [ToParse(*f) for f in readable(read_crawl(paths.warehouse / CRAWL_FILE))]
    parsed, refused, _ = parse_new(paths.raw, paths.warehouse, files, workers=paths.parse_workers or None)
    counts = stage_reports(paths.warehouse)
    staging = paths.warehouse / "staging"
    reports = pl.read_parquet(staging / "reports.parquet")
    quarantine = pl.read_parquet(staging / "quarantine.parquet")
    context.log.info(f"parsed {parsed} new reports ({refused} refused); staged {counts.reports} reports, "
                     f"{counts.quarantined} quarantined")
    return dg.MaterializeResult(metadata=frame_metadata(
        reports.head(5).drop("spam"), rows=counts.reports,
        reports=dg.MetadataValue.int(counts.reports),
        quarantined=dg.MetadataValue.int(counts.quarantined),
        parsed_this_run=dg.MetadataValue.int(parsed),
        refused_this_run=dg.MetadataValue.int(refused),
        quarantine_preview=dg.MetadataValue.md(markdown_table(quarantine) if quarantine.height else "(none)"),
    ))
