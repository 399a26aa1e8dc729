"""report_cells: the long-format cells of every report, one row per cell, Parquet."""

import dagster as dg
import polars as pl

from pipelines.defs.failures import disk_full_stops_the_run
from pipelines.defs.metadata import frame_metadata, markdown_table
from pipelines.defs.resources import WarehousePaths
from pipelines.defs.sections import report_sections
from pipelines.staging.assemble import incomplete_reports, index_cells
from pipelines.staging.parse_cache import batch_files


@dg.asset(group_name="staging", kinds={"python", "parquet"}, deps=[report_sections])
def report_cells(context: dg.AssetExecutionContext, paths: WarehousePaths) -> dg.MaterializeResult:
    """Every cell of every report, long format: report id, table, row, column, value, status
    (ok / blank / missing), unit, raw text, note, source line, and how surely its row label was
    matched. The cells are the Parquet batches the parser wrote (warehouse/parsed/format-N/
    batch-*/cells.parquet); staging/cells_index.parquet counts the current reports' by status."""
    with disk_full_stops_the_run("indexing the cells", paths.warehouse):
        n, by_status = index_cells(paths.lake)
    files = batch_files(paths.lake, "cells")
    head = paths.lake.read_parquet(files[0]).head(5) if files else pl.DataFrame()
    context.log.info(f"{n} cells: {by_status}")
    return dg.MaterializeResult(metadata=frame_metadata(
        head, rows=n, **{f"cells_{k}": dg.MetadataValue.int(v) for k, v in sorted(by_status.items())}))


@dg.asset_check(asset=report_cells, description="Every template cell of every report is present or marked missing.")
def cells_complete(paths: WarehousePaths) -> dg.AssetCheckResult:
    return completeness_result(incomplete_reports(paths.lake))


def completeness_result(lacking: pl.DataFrame) -> dg.AssetCheckResult:
    """ERROR when any report lacks a template cell: downstream sums would silently skip it."""
    return dg.AssetCheckResult(
        passed=lacking.height == 0,
        severity=dg.AssetCheckSeverity.ERROR,
        metadata={"reports_incomplete": dg.MetadataValue.int(lacking.height),
                  "failures": dg.MetadataValue.md(markdown_table(lacking, 50) if lacking.height else "(none)")},
    )
