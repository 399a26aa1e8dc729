"""report_site: the static site built from the warehouse (an overview and one page per agency)."""

import dagster as dg

from pipelines.defs.failures import disk_full_stops_the_run
from pipelines.defs.resources import WarehousePaths
from pipelines.site import build_site


@dg.asset(group_name="site", kinds={"html"},
          deps=["v_region_year", "v_series", "v_review_queue", "check_result", "dim_agency", "dim_report"])
def report_site(context: dg.AssetExecutionContext, paths: WarehousePaths) -> dg.MaterializeResult:
    """Pages an analyst would rather look at than query, in the site folder (default data/site/):
    index.html (reports by year and province, the rules and their failures, the review queue)
    and agencies/<agency_id>.html (series charts, failed rules with their evidence, the source
    files). Open index.html in a browser; it works offline."""
    with disk_full_stops_the_run("writing the site", paths.site.parent):
        result = build_site(paths.database, paths.site, paths.raw_dir)
    context.log.info(f"site written: {result.pages} pages at {result.path}")
    return dg.MaterializeResult(metadata={
        "pages": dg.MetadataValue.int(result.pages), "agencies": dg.MetadataValue.int(result.agencies),
        "index": dg.MetadataValue.path(str(result.path / "index.html"))})
