"""report_sections: the reports to load (metadata, and the text of each section) and the quarantine."""

import dagster as dg

from pipelines.defs.failures import disk_full_stops_the_run
from pipelines.defs.metadata import frame_metadata, markdown_table
from pipelines.defs.parsed import PARSED_REPORTS
from pipelines.defs.resources import WarehousePaths
from pipelines.staging.assemble import QUARANTINE_FILE, REPORTS_FILE, stage_reports


@dg.asset(group_name="staging", kinds={"python", "parquet"}, deps=[PARSED_REPORTS])
def report_sections(context: dg.AssetExecutionContext, paths: WarehousePaths) -> dg.MaterializeResult:
    """Which reports the warehouse loads (each content once, under its first path), with their
    metadata: those in the raw folder now and, marked not current, every earlier version of an
    edited file and every removed one (warehouse/report_history.parquet keeps which content each
    path held, and when). Their sections stay in the parse cache, read from there by the load.
    Every other crawled file goes to the quarantine with the reason: none is dropped."""
    with disk_full_stops_the_run("staging the reports and the quarantine", paths.warehouse):
        counts = stage_reports(paths.lake)
    reports = paths.lake.read_parquet(REPORTS_FILE)
    quarantine = paths.lake.read_parquet(QUARANTINE_FILE)
    context.log.info(f"staged {counts.current} reports in the raw folder now ({counts.reports} ever held), "
                     f"{counts.quarantined} files quarantined")
    return dg.MaterializeResult(metadata=frame_metadata(
        reports.head(5).drop("spam"), rows=counts.reports,
        reports_current=dg.MetadataValue.int(counts.current),
        quarantined=dg.MetadataValue.int(counts.quarantined),
        quarantine_preview=dg.MetadataValue.md(markdown_table(quarantine) if quarantine.height else "(none)"),
    ))
