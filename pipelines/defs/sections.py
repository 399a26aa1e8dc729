"""report_sections: parse every crawled file into metadata and section texts (and stage cells)."""

import dagster as dg
import polars as pl

from pipelines.defs.metadata import frame_metadata
from pipelines.defs.raw import raw_reports
from pipelines.defs.resources import WarehousePaths
from pipelines.staging.crawl import RawFile
from pipelines.staging.parquet import write_atomic
from pipelines.staging.stage import stage


@dg.asset(group_name="disclosure", kinds={"python", "parquet"}, deps=[raw_reports])
def report_sections(context: dg.AssetExecutionContext, paths: WarehousePaths) -> dg.MaterializeResult:
    """Metadata and the text of each section of every report, Parquet. Files that are not
    reports go to the staged quarantine with the reason; none is dropped."""
    raw = pl.read_parquet(paths.warehouse / "raw_reports.parquet")
    staged = stage(paths.raw, (RawFile(**r) for r in raw.iter_rows(named=True))).frames()
    out = paths.warehouse / "staging"
    for name, df in staged.items():
        write_atomic(df, out / f"{name}.parquet")
    reports, quarantine = staged["reports"], staged["quarantine"]
    context.log.info(f"{reports.height} reports parsed, {quarantine.height} files quarantined")
    return dg.MaterializeResult(metadata=frame_metadata(
        staged["sections"],
        reports=dg.MetadataValue.int(reports.height),
        quarantined=dg.MetadataValue.int(quarantine.height),
        reports_preview=dg.MetadataValue.md(_preview(reports.drop("spam"))),
        quarantine_preview=dg.MetadataValue.md(_preview(quarantine)),
    ))


def _preview(df: pl.DataFrame) -> str:
    from pipelines.defs.metadata import markdown_table

    return markdown_table(df) if df.height else "(none)"
