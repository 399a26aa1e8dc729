"""Render a report (in the golden JSON format) into the text layouts real reports use.

The inverse of the parser: given every cell's value, write the report as a person would have
pasted it, so a test can parse it back and compare cell by cell. Tables are built from the
template (labels, headers, groups), then laid out by one function per layout.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from pipelines.templates import TableSpec, templates

Table = list[list[str]]

T3_HEADER: Table = [
    ["(本列数据的勾稽关系为:第一项加第二项之和,等于第三项加第四项之和)", "", "申请人情况"],
    ["", "", "自然人", "法人或其他组织", "", "", "", "", "总计"],
    ["", "", "", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", ""],
]
T4_HEADER: Table = [
    ["行政复议", "", "", "", "", "行政诉讼"],
    ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计", "未经复议直接起诉", "", "", "", "", "复议后起诉"],
    ["", "", "", "", "", *(["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"] * 2)],
]


def fmt(value: int | float | None, unit: str | None = None) -> str:
    """A value as a report prints it: blank for None, no trailing zeros, unit if given."""
    if value is None:
        return ""
    text = str(int(value)) if float(value).is_integer() else f"{value:.6f}".rstrip("0").rstrip(".")
    return text + (unit or "")


def t2_table(spec: TableSpec, values: dict) -> Table:
    """Table 2 as printed: item label, then its measures, with a header before each block."""
    out: Table = []
    previous: tuple[str, ...] = ()
    for row in spec.data_rows:
        if row.measures != previous:
            out.append(["信息内容", *(spec.columns_of(row)[i].label for i in range(len(row.measures)))])
            previous = row.measures
        out.append([row.label, *(fmt(values.get(row.code, {}).get(m)) for m in row.measures)])
    return out


def t3_table(spec: TableSpec, values: dict) -> Table:
    """Table 3 as printed: header rows, then every row of the form (groups on their own)."""
    out: Table = [list(r) for r in T3_HEADER]
    undivided = "other_handling" in values
    for row in spec.rows:
        if row.divides_into and not undivided:
            out.append(["", row.label])
            continue
        if row.code in {s for r in spec.rows for s in r.divides_into} and undivided:
            continue
        if row.is_group:
            out.append(["", row.label])
            continue
        out.append(["", row.label, *(fmt(values.get(row.code, {}).get(c.code)) for c in spec.columns)])
    return out


def t4_table(spec: TableSpec, values: dict) -> Table:
    """Table 4 as printed: a two-level header over one row of fifteen numbers."""
    nums = [fmt(values.get(p.code, {}).get(o.code)) for p in spec.rows for o in spec.columns]
    return [*(list(r) for r in T4_HEADER), nums]


def markdown(table: Table) -> list[str]:
    width = max(len(r) for r in table)
    rows = [r + [""] * (width - len(r)) for r in table]
    lines = ["| " + " | ".join(c for c in rows[0]) + " |", "|" + "---|" * width]
    return lines + ["| " + " | ".join(r) + " |" for r in rows[1:]]


def inline_pipes(table: Table) -> list[str]:
    return [" | ".join(r) + " |" for r in table]


def cell_per_line(table: Table) -> list[str]:
    lines: list[str] = []
    for r in table:
        lines.extend(f"{c} |" if c else "|" for c in r)
        lines.append("||")
    return lines


def tabbed(table: Table) -> list[str]:
    lines: list[str] = []
    for r in table:
        lines.extend(f"\t{c}" for c in r)
        lines.append("")
    return lines


LAYOUTS: dict[str, Callable[[Table], list[str]]] = {
    "markdown": markdown, "inline_pipes": inline_pipes, "cell_per_line": cell_per_line, "tabbed": tabbed,
}

HEADINGS = ("一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况",
            "四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及改进情况", "六、其他需要报告的事项")


def render_text(doc: dict, layout: str, *, prose: Sequence[str] = ("本年度政府信息公开工作有序开展。",),
                signature: bool = True) -> str:
    """The whole report as text in one layout: title, six sections, tables, signature."""
    template = templates()[doc["template"]]
    lay = LAYOUTS[layout]
    t = template.tables
    lines = [f"{doc['agency']}{doc['report_year']}年政府信息公开工作年度报告", "", HEADINGS[0], *prose, "",
             HEADINGS[1], *lay(t2_table(t["t2_active"], doc["t2_active"])), "",
             HEADINGS[2], *lay(t3_table(t["t3_requests"], doc["t3_requests"])), "",
             HEADINGS[3], *lay(t4_table(t["t4_review_litigation"], doc["t4_review_litigation"])), "",
             HEADINGS[4], "宣传力度仍需加强。", "", HEADINGS[5], "无。", ""]
    if signature:
        lines.append(doc["agency"])
        if doc.get("published_on"):
            y, m, d = (int(x) for x in doc["published_on"].split("-"))
            lines.append(f"{y}年{m}月{d}日")
    return "\n".join(lines) + "\n"
