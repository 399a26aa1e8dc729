"""warehouse: the DuckDB star schema, rebuilt from Parquet and swapped in atomically."""

import dagster as dg
import polars as pl

from pipelines.defs.cells import report_cells
from pipelines.defs.resources import WarehousePaths
from pipelines.warehouse.load import build


@dg.asset(group_name="disclosure", kinds={"duckdb"}, deps=[report_cells], pool="duckdb_writer")
def warehouse(context: dg.AssetExecutionContext, paths: WarehousePaths) -> dg.MaterializeResult:
    """data/warehouse/disclosure.duckdb: dimensions, facts, report text, quarantine, check
    results and analyst views. One writer at a time (pool `duckdb_writer`)."""
    result = build(paths.warehouse)
    counts = pl.DataFrame({"table": list(result.row_counts), "rows": list(result.row_counts.values())})
    context.log.info(f"warehouse loaded ({result.mode}: {result.reports_added} reports added, "
                     f"{result.reports_removed} removed) at {result.path}")
    schema = dg.TableSchema(columns=[dg.TableColumn("table", "string"), dg.TableColumn("rows", "int")])
    from pipelines.defs.metadata import markdown_table

    return dg.MaterializeResult(metadata={
        "dagster/row_count": dg.MetadataValue.int(sum(result.row_counts.values())),
        "dagster/column_schema": schema,
        "preview": dg.MetadataValue.md(markdown_table(counts, len(counts))),
        "path": dg.MetadataValue.path(str(result.path)),
        **{f"rows/{t}": dg.MetadataValue.int(n) for t, n in result.row_counts.items()},
    })
