"""Staged cells -> the long-format cells table, complete against the form.

Every report gets every cell of its template: the parser already marks what it could not find
as missing, and this step guarantees it, so that "every template cell present or marked"
holds by construction and a completeness check can prove it.
"""

from __future__ import annotations

import polars as pl

from pipelines.staging.stage import CELL_SCHEMA
from pipelines.warehouse.model_tables import items_frame

KEY = ["report_id", "table_code", "row_code", "col_code"]


def complete_cells(cells: pl.DataFrame, reports: pl.DataFrame) -> pl.DataFrame:
    """All template cells of each report, in form order; absent ones added as missing."""
    items = items_frame().select("template", "table_code", "row_code", "col_code", "sort_order")
    expected = reports.select("report_id", "template").join(items, on="template", how="inner")
    optional = _optional_rows()
    present = cells.select(KEY).with_columns(pl.lit(True).alias("_present"))
    absent = (
        expected.join(present, on=KEY, how="left")
        .filter(pl.col("_present").is_null())
        # rows printed only one of two ways (其他处理 undivided or its three sub-rows) are
        # not owed when the report printed the other way
        .filter(~pl.col("row_code").is_in(optional))
        .select(KEY)
        .with_columns(pl.lit("missing").alias("status"), pl.lit("none").alias("label_match"),
                      pl.lit(0.0).alias("label_score"))
    )
    full = pl.concat([cells, absent], how="diagonal_relaxed").select(list(CELL_SCHEMA)).cast(CELL_SCHEMA)
    order = expected.select(*KEY, "sort_order")
    return (full.join(order, on=KEY, how="left")
            .sort(["report_id", "sort_order", "table_code", "row_code", "col_code"], nulls_last=True)
            .drop("sort_order"))


def _optional_rows() -> list[str]:
    from pipelines.templates import templates

    return sorted({
        code
        for t in templates().values()
        for table in t.tables.values()
        for row in table.data_rows if row.divides_into
        for code in (row.code, *row.divides_into)
    })


def incomplete_reports(cells: pl.DataFrame, reports: pl.DataFrame) -> pl.DataFrame:
    """Reports lacking a template cell (neither read nor marked missing): should be none."""
    items = items_frame().select("template", "table_code", "row_code", "col_code")
    optional = _optional_rows()
    expected = (reports.select("report_id", "template").join(items, on="template")
                .filter(~pl.col("row_code").is_in(optional)))
    lacking = expected.join(cells.select(KEY), on=KEY, how="anti")
    return lacking.group_by("report_id").agg(pl.len().alias("cells_lacking"),
                                             pl.col("row_code").first().alias("first_row")).sort("report_id")
