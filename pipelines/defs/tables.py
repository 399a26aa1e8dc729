"""The star schema: one asset per table and view of the DuckDB warehouse, loaded together.

The tables are written in one load (`warehouse.load.build`), into a new file swapped in whole, so
they are one step; each still shows as its own asset, with what it is made from, its column
schema, row count and a preview. One load at a time (pool `duckdb_writer`).
"""

import dagster as dg

from pipelines.defs.cells import report_cells
from pipelines.defs.failures import disk_full_stops_the_run
from pipelines.defs.metadata import frame_metadata
from pipelines.defs.raw import raw_files
from pipelines.defs.resources import WarehousePaths
from pipelines.defs.sections import report_sections
from pipelines.warehouse.checks import agency_resolution_counts, read_warehouse
from pipelines.warehouse.load import VIEWS, build

_FACT_DEPS = ("report_cells", "dim_report", "dim_item")
# Each table of the warehouse: what it says, and what it is made from.
TABLES: dict[str, tuple[str, tuple[str, ...]]] = {
    "raw_file": ("Every file crawled from the raw folder: each is in dim_report or in quarantine.", ("raw_files",)),
    "dim_division": ("Every administrative division (GB/T 2260), with its province, prefecture and county.", ()),
    "dim_agency": ("One row per reporting body under any of its names, placed in its administrative division.",
                   ("report_sections", "dim_division")),
    "agency_alias": ("Every name an agency was printed under, with the report that printed it.",
                     ("report_sections", "dim_agency")),
    "dim_report": ("One row per report loaded: agency, year, form, and the file it came from.",
                   ("report_sections", "dim_agency")),
    "dim_item": ("Every cell of every form: table, row and column codes with their printed labels.", ()),
    "dim_applicant": ("The seven applicant columns of table 3.", ("dim_item",)),
    "dim_rule": ("Every rule checked, as declared in invariants.toml.", ()),
    "series_mapping": ("The measures comparable across the two forms, and the cells each is read from.", ("dim_item",)),
    "quarantine": ("Files that are not loaded as reports, with the reason.", ("report_sections",)),
    "fact_active_disclosure": ("Table 2 (主动公开): one row per cell of one report.", _FACT_DEPS),
    "fact_request": ("Table 3 (依申请公开): one row per cell of one report.", (*_FACT_DEPS, "dim_applicant")),
    "fact_review_litigation": ("Table 4 (行政复议、行政诉讼): one row per cell of one report.", _FACT_DEPS),
    "report_text": ("The text of every section of every report.", ("report_sections", "dim_report")),
    "parse_warning": ("What the parser could not read with confidence, per report.", ("report_sections", "dim_report")),
    "table_reading": ("How each table of each report was read, and how surely.", ("report_sections", "dim_report")),
    "report_version": ("Which content each path held, and when: an edit is a new version, never an overwrite.",
                       ("report_sections",)),
    "correction_log": ("Every correction ever made (corrections.csv): applied, superseded or stale, and why.",
                       ("fact_active_disclosure", "fact_request", "fact_review_litigation", "dim_report")),
    "review_log": ("Every review recorded (reviews.csv): which report content was checked, by whom, when.",
                   ("report_sections",)),
    "report_change": ("Each file whose content changed under the same path, and which cells changed.",
                      ("report_version", "fact_active_disclosure", "fact_request", "fact_review_litigation")),
    "check_result": ("Every rule over every scope of every report: pass, fail or not assessable.",
                     ("fact_active_disclosure", "fact_request", "fact_review_litigation", "dim_rule")),
    "v_report_summary": ("View: one row per report with the headline numbers and its check tally.",
                         ("dim_report", "fact_request", "fact_review_litigation", "check_result")),
    "v_agency_year": ("View: per agency and year, requests and disputes, with the change from the year before.",
                      ("v_report_summary",)),
    "v_cell": ("View: every cell of every report in one long shape.",
               ("fact_active_disclosure", "fact_request", "fact_review_litigation")),
    "series_value": ("Every comparable measure (series_mapping) of every current report, as its cells add up.",
                     ("v_cell", "series_mapping", "dim_report")),
    "v_series": ("View: one comparable series per agency and measure across the years and the two forms.",
                 ("series_value", "dim_agency")),
    "v_review_queue": ("View: every current report's review status, those needing review first, by impact.",
                       ("dim_report", "table_reading", "check_result", "review_log", "v_report_summary")),
    "v_region_year": ("View: per year and division, reports, agencies, requests, disputes, rules failed, late reports.",
                      ("series_value", "dim_division", "check_result")),
}
assert set(VIEWS) <= set(TABLES)

_UPSTREAM = {"raw_files": raw_files, "report_sections": report_sections, "report_cells": report_cells}


def _spec(name: str, description: str, deps: tuple[str, ...]) -> dg.AssetSpec:
    return dg.AssetSpec(name, description=description, group_name="warehouse",
                        kinds={"duckdb"}, deps=[_UPSTREAM.get(d, d) for d in deps])


def warehouse_tables_asset(pool: str | None = "duckdb_writer") -> dg.AssetsDefinition:
    """The star schema's tables as one step, in this concurrency pool (DuckDB allows one writer)."""

    @dg.multi_asset(specs=[_spec(name, d, deps) for name, (d, deps) in TABLES.items()], name="warehouse_tables",
                    pool=pool, can_subset=False)
    def warehouse_tables(context: dg.AssetExecutionContext, paths: WarehousePaths):
        """Load the warehouse (incrementally when it can) and swap the new DuckDB file in."""
        with disk_full_stops_the_run("building the new DuckDB file", paths.warehouse):
            result = build(paths.warehouse, paths.corrections, lake=paths.lake)
        context.log.info(f"warehouse loaded ({result.mode}: {result.reports_added} reports added, "
                         f"{result.reports_removed} removed) at {result.path}")
        with read_warehouse(result.path) as con:
            for name in TABLES:
                relation = con.table(name)
                rows = result.row_counts.get(name)
                if rows is None:  # a view: counted here
                    rows = relation.count("*").fetchall()[0][0]
                metadata = frame_metadata(relation.limit(5).pl(), rows=rows,
                                          path=dg.MetadataValue.path(str(result.path)))
                if name == "dim_agency":  # how many agencies are placed in their division, and how many not
                    metadata |= {f"agencies_{k}": dg.MetadataValue.int(v)
                                 for k, v in agency_resolution_counts(con).items()}
                yield dg.MaterializeResult(asset_key=name, metadata=metadata)

    return warehouse_tables
