"""The site's charts, with Altair (Vega-Lite): each a spec with its data inlined, drawn in the page
by the Vega bundle the site carries (`assets/vega.js`), so a page works offline."""

from __future__ import annotations

import altair as alt
import polars as pl

OUTCOMES = {"requests_granted": "予以公开", "requests_partially_granted": "部分公开", "requests_denied": "不予公开",
            "requests_unavailable": "无法提供", "requests_not_processed": "不予处理",
            "requests_other_handling": "其他处理"}
REQUESTS = {"requests_received": "新收申请", "requests_handled": "办理总计"}
DISPUTES = {"admin_reviews": "行政复议", "admin_reviews_corrected": "复议纠正", "lawsuits": "行政诉讼",
            "lawsuits_corrected": "诉讼纠正"}
WIDTH = 420


def _named(series: pl.DataFrame, names: dict[str, str]) -> pl.DataFrame:
    """The measures charted, by their printed names, years as text (a year is a category here)."""
    return (series.filter(pl.col("measure").is_in(list(names)))
            .with_columns(pl.col("measure").replace_strict(names).alias("measure"),
                          pl.col("report_year").cast(pl.String).alias("year")))


def requests_chart(series: pl.DataFrame) -> dict:
    """Requests received and handled (lines) over the years."""
    data = _named(series, REQUESTS)
    return (alt.Chart(data, title="申请数量").mark_line(point=True)
            .encode(x=alt.X("year:O", title="年度"), y=alt.Y("value:Q", title="件"),
                    color=alt.Color("measure:N", title=None), tooltip=["year", "measure", "value"])
            .properties(width=WIDTH, height=220).to_dict())


def outcomes_chart(series: pl.DataFrame) -> dict:
    """How requests were answered, stacked, year by year."""
    data = _named(series, OUTCOMES)
    return (alt.Chart(data, title="办理结果").mark_bar()
            .encode(x=alt.X("year:O", title="年度"), y=alt.Y("sum(value):Q", title="件"),
                    color=alt.Color("measure:N", title=None, sort=list(OUTCOMES.values())),
                    tooltip=["year", "measure", "value"])
            .properties(width=WIDTH, height=220).to_dict())


def disputes_chart(series: pl.DataFrame) -> dict:
    """Administrative reviews and lawsuits, and how many corrected the agency."""
    data = _named(series, DISPUTES)
    return (alt.Chart(data, title="行政复议与行政诉讼").mark_line(point=True)
            .encode(x=alt.X("year:O", title="年度"), y=alt.Y("value:Q", title="件"),
                    color=alt.Color("measure:N", title=None, sort=list(DISPUTES.values())),
                    tooltip=["year", "measure", "value"])
            .properties(width=WIDTH, height=220).to_dict())


def reports_chart(years: pl.DataFrame) -> dict:
    """Reports loaded per year, stacked by province."""
    data = years.with_columns(pl.col("report_year").cast(pl.String).alias("year"))
    return (alt.Chart(data, title="各年度报告数（按省份）").mark_bar()
            .encode(x=alt.X("year:O", title="年度"), y=alt.Y("sum(reports):Q", title="报告数"),
                    color=alt.Color("province:N", title="省份"), tooltip=["year", "province", "reports"])
            .properties(width=WIDTH, height=240).to_dict())
