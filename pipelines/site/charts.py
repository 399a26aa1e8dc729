"""The site's charts, with Altair (Vega-Lite): each a spec with its data inlined, drawn in the page
by the Vega bundle the site carries (`assets/vega.js`), so a page works offline.

Altair builds (and validates) each kind of chart once per site, over named data; each agency's
page gets a copy with its own rows inlined (building and validating a chart per agency would take
the site build from seconds to minutes: measured 30 ms a chart, three charts an agency).
"""

from __future__ import annotations

import copy

import altair as alt
import polars as pl

OUTCOMES = {"requests_granted": "予以公开", "requests_partially_granted": "部分公开", "requests_denied": "不予公开",
            "requests_unavailable": "无法提供", "requests_not_processed": "不予处理",
            "requests_other_handling": "其他处理"}
REQUESTS = {"requests_received": "新收申请", "requests_handled": "办理总计"}
DISPUTES = {"admin_reviews": "行政复议", "admin_reviews_corrected": "复议纠正", "lawsuits": "行政诉讼",
            "lawsuits_corrected": "诉讼纠正"}
CHARTED = {**REQUESTS, **OUTCOMES, **DISPUTES}
WIDTH = 420
DATA = alt.NamedData("rows")  # each chart's rows, filled in per page


def _lines(title: str, names: dict[str, str]) -> dict:
    return (alt.Chart(DATA, title=title).mark_line(point=True)
            .encode(x=alt.X("year:O", title="年度"), y=alt.Y("value:Q", title="件"),
                    color=alt.Color("measure:N", title=None, sort=list(names.values())),
                    tooltip=["year:O", "measure:N", "value:Q"])
            .properties(width=WIDTH, height=220).to_dict())


def agency_charts() -> list[tuple[dict, tuple[str, ...]]]:
    """The agency page's charts, each with the measures it draws: requests received and handled,
    how they were answered (stacked), reviews and lawsuits and how many corrected the agency."""
    outcomes = (alt.Chart(DATA, title="办理结果").mark_bar()
                .encode(x=alt.X("year:O", title="年度"), y=alt.Y("sum(value):Q", title="件"),
                        color=alt.Color("measure:N", title=None, sort=list(OUTCOMES.values())),
                        tooltip=["year:O", "measure:N", "value:Q"])
                .properties(width=WIDTH, height=220).to_dict())
    return [(_lines("申请数量", REQUESTS), tuple(REQUESTS.values())),
            (outcomes, tuple(OUTCOMES.values())),
            (_lines("行政复议与行政诉讼", DISPUTES), tuple(DISPUTES.values()))]


def named_series(series: pl.DataFrame) -> pl.DataFrame:
    """The series charted, by their printed names, years as text (a year is a category here)."""
    return (series.filter(pl.col("measure").is_in(list(CHARTED)))
            .with_columns(pl.col("measure").replace_strict(CHARTED).alias("measure"),
                          pl.col("report_year").cast(pl.String).alias("year"))
            .select("agency_id", "year", "measure", "value"))


def with_rows(chart: dict, rows: list[dict]) -> dict:
    """A copy of a chart built over named data, with these rows inlined."""
    spec = copy.copy(chart)
    spec["data"] = {"values": rows}
    return spec


def reports_chart(years: pl.DataFrame) -> dict:
    """Reports loaded per year, stacked by province."""
    data = years.with_columns(pl.col("report_year").cast(pl.String).alias("year"))
    return (alt.Chart(data, title="各年度报告数（按省份）").mark_bar()
            .encode(x=alt.X("year:O", title="年度"), y=alt.Y("sum(reports):Q", title="报告数"),
                    color=alt.Color("province:N", title="省份"), tooltip=["year", "province", "reports"])
            .properties(width=WIDTH, height=240).to_dict())
