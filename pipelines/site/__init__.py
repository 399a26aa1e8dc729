"""The static site: an overview and one page per agency, built from the warehouse into a folder.

Supervisors and journalists would rather look at a page than query. `build_site` reads the
warehouse (read-only) and writes `index.html` (reports by year and province, the rules and how
often they fail, the review queue) and `agencies/<agency_id>.html` (the agency's series as charts,
its failed rules with their evidence, a link to each source file). Charts are Altair specs with
their data inlined, drawn by the Vega bundle written once into `assets/`: the site works from
the disk, offline. The new site is built beside the old one and swapped in, so a reader never
sees half a site. No Dagster here.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

import duckdb
import polars as pl
import vl_convert
from jinja2 import Environment, PackageLoader, select_autoescape

from pipelines.site.charts import agency_charts, named_series, reports_chart, with_rows
from pipelines.sql import load_sql
from pipelines.warehouse.checks import as_frame

VEGA_BUNDLE = "assets/vega.js"


@dataclass(frozen=True, slots=True)
class SiteResult:
    path: Path
    pages: int
    agencies: int


def _frame(con: duckdb.DuckDBPyConnection, name: str) -> pl.DataFrame:
    return as_frame(con.sql(load_sql(name)))


def _spec(chart: dict) -> str:
    """A chart spec for a <script> block (no `</` inside that would end it)."""
    return json.dumps(chart, ensure_ascii=False).replace("</", "<\\/")


def _raw_from(page_dir: Path, raw_dir: str | Path) -> str:
    """The raw folder as a link from a page's folder (a report's file is this + its path); a raw
    folder in object storage (`s3://...`) by its URL."""
    if "://" in str(raw_dir):
        return str(raw_dir).rstrip("/")
    return Path(os.path.relpath(Path(raw_dir).resolve(), page_dir.resolve())).as_posix()


def build_site(database: Path, site_dir: Path, raw_dir: str | Path) -> SiteResult:
    """Write the site for the warehouse at `database` into `site_dir` (swapped in whole)."""
    env = Environment(loader=PackageLoader("pipelines.site"), autoescape=select_autoescape())
    env.filters["spec"] = _spec
    with duckdb.connect(str(database), read_only=True) as con:
        years, checks, queue = _frame(con, "site_years"), _frame(con, "site_checks"), _frame(con, "site_queue")
        agencies, series = _frame(con, "site_agencies"), _frame(con, "site_series")
        failures, reports = _frame(con, "site_failures"), _frame(con, "site_reports")
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    new = Path(tempfile.mkdtemp(prefix=f".{site_dir.name}.", suffix=".tmp", dir=site_dir.parent))
    new.chmod(0o755)  # a site is read by whoever serves it (mkdtemp makes it private)
    try:
        (new / "assets").mkdir()
        (new / VEGA_BUNDLE).write_text(vl_convert.javascript_bundle(), encoding="utf-8")
        (new / "agencies").mkdir()
        (new / "index.html").write_text(env.get_template("index.html").render(
            years=years, checks=checks.to_dicts(), queue=queue.to_dicts(), agencies=agencies.to_dicts(),
            reports_chart=reports_chart(years), bundle=VEGA_BUNDLE,
            totals={"reports": int(years["reports"].sum()) if years.height else 0,
                    "agencies": agencies.height, "queue": queue.height}), encoding="utf-8")
        charts = agency_charts()
        # each agency's rows, split once (filtering per agency would read every row per agency)
        series_of = named_series(series).partition_by("agency_id", as_dict=True, include_key=False)
        failures_of = failures.partition_by("agency_id", as_dict=True)
        reports_of = reports.partition_by("agency_id", as_dict=True)
        raw_link = _raw_from(site_dir / "agencies", raw_dir)  # worked out once: resolving is two system calls
        for agency in agencies.to_dicts():
            key = (agency["agency_id"],)
            rows = series_of[key].to_dicts() if key in series_of else []
            own_reports = [{**r, "link": f"{raw_link}/{r['source_path']}"}
                           for r in (reports_of[key].to_dicts() if key in reports_of else [])]
            (new / "agencies" / f"{agency['agency_id']}.html").write_text(env.get_template("agency.html").render(
                agency=agency, charts=[with_rows(chart, [r for r in rows if r["measure"] in drawn])
                                       for chart, drawn in charts],
                failures=failures_of[key].to_dicts() if key in failures_of else [], reports=own_reports,
                bundle="../" + VEGA_BUNDLE), encoding="utf-8")
        _swap_in(new, site_dir)
    finally:
        shutil.rmtree(new, ignore_errors=True)
    return SiteResult(site_dir, agencies.height + 1, agencies.height)


def _swap_in(new: Path, site_dir: Path) -> None:
    """Put the new site where the old one was: the old is moved aside, then removed."""
    old = None
    if site_dir.exists():
        old = Path(tempfile.mkdtemp(prefix=f".{site_dir.name}.", suffix=".old", dir=site_dir.parent))
        os.replace(site_dir, old / "site")
    os.replace(new, site_dir)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
