"""Render a report (in the golden JSON format) into the text layouts real reports use.

The inverse of the parser: given every cell's value, write the report as a person would have
pasted it, so a test or the accuracy benchmark can parse it back and compare cell by cell.
Tables are built from the template (labels, headers, groups) through a `Printer` that adds the
report's noise, then laid out by one function per layout.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable

from pipelines.synth.noise import SPAM, Printer
from pipelines.templates import TableSpec, templates

Table = list[list[str]]

HEADINGS = ("一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况",
            "四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及改进情况", "六、其他需要报告的事项")
def t3_header(subtotal: bool = False) -> Table:
    """Table 3's header rows; with `subtotal`, the 法人或其他组织 小计 column some reports print."""
    orgs = ["商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", *(["小计"] if subtotal else [])]
    return [
        ["(本列数据的勾稽关系为:第一项加第二项之和,等于第三项加第四项之和)", "", "申请人情况"],
        ["", "", "自然人", "法人或其他组织", *[""] * (len(orgs) - 1), "总计"],
        ["", "", "", *orgs, ""],
    ]


def t3_spec(spec: TableSpec, values: dict) -> TableSpec:
    """Table 3 as this report prints it: with the 小计 column where its values carry one."""
    subtotal = any("org_subtotal" in row for row in values.values())
    return spec.with_optional(("org_subtotal",)) if subtotal else spec
T4_HEADER: Table = [
    ["行政复议", "", "", "", "", "行政诉讼"],
    ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计", "未经复议直接起诉", "", "", "", "", "复议后起诉"],
    ["", "", "", "", "", *(["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"] * 2)],
]
PLAIN = Printer()


def fmt(value: int | float | None, unit: str | None = None) -> str:
    """A value as a report prints it: blank for None, no trailing zeros, unit if given."""
    if value is None:
        return ""
    text = str(int(value)) if float(value).is_integer() else f"{value:.6f}".rstrip("0").rstrip(".")
    return text + (unit or "")


def t2_table(spec: TableSpec, values: dict, p: Printer = PLAIN) -> Table:
    """Table 2 as printed: item label, then its measures, with a header before each block."""
    out: Table = []
    previous: tuple[str, ...] = ()
    for row in spec.data_rows:
        cols = spec.columns_of(row)
        if row.measures != previous:
            out.append(["信息内容", *(p.label(c.label) for c in cols)])
            previous = row.measures
        vals = values.get(row.code, {})
        out.append([p.label(row.label), *(p.value(vals.get(c.code), money=bool(c.unit)) for c in cols)])
    return out


def t3_table(spec: TableSpec, values: dict, p: Printer = PLAIN, split_rows: frozenset[str] = frozenset()) -> Table:
    """Table 3 as printed: header rows, then every row of the form (groups on their own).
    Rows in `split_rows` print their numbers on the line after their label."""
    spec = t3_spec(spec, values)
    out: Table = t3_header(len(spec.columns) > 7)
    undivided = "other_handling" in values
    divided = {s for r in spec.rows for s in r.divides_into}
    for row in spec.rows:
        if (row.divides_into and not undivided) or row.is_group:
            out.append(["", p.label(row.label)])
            continue
        if row.code in divided and undivided:
            continue
        nums = [p.value(values.get(row.code, {}).get(c.code)) for c in spec.columns]
        if row.code in split_rows:
            out += [["", p.label(row.label), *[""] * len(nums)], ["", "", *nums]]
        else:
            out.append(["", p.label(row.label), *nums])
    return out


def t4_table(spec: TableSpec, values: dict, p: Printer = PLAIN, notes: dict | None = None) -> Table:
    """Table 4 as printed: a two-level header over one row of fifteen numbers."""
    notes = notes or {}
    nums = [p.value(values.get(r.code, {}).get(o.code),
                    note=notes.get(f"t4_review_litigation/{r.code}/{o.code}"))
            for r in spec.rows for o in spec.columns]
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


def display_width(s: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in s)


def aligned(table: Table) -> list[str]:
    """Whitespace-aligned columns, as `pdftotext -layout` gives: labels first, then each value
    left-aligned at its column's position; a blank cell is only a gap. Header rows set each
    column's label over its column, wrapped onto more lines where it is wider than the column."""
    label_w = max(display_width(" ".join(c for c in r if c and not _is_num(c))) for r in table) + 4
    n = max(sum(1 for c in r if _is_num(c) or c == "") for r in table)
    widest = max((display_width(c) for r in table for c in r if _is_num(c)), default=1)
    col_w = [max(8, widest + 2)] * max(n, 1)
    lines = []
    data = [r for r in table if any(_is_num(c) for c in r)]
    for k, r in enumerate(table):
        labels = " ".join(c for c in r if c and not _is_num(c))
        vals = [c for c in r if _is_num(c) or c == ""]
        if not any(_is_num(c) for c in r):
            below = next((d for d in data if table.index(d) > k), None)
            lines += _header_lines(r, below, label_w, col_w[0]) if below is not None else [labels]
            continue
        vals = vals[-15:] if len(vals) > 15 else vals
        line = labels + " " * (label_w - display_width(labels))
        line += "".join(v + " " * (col_w[min(i, len(col_w) - 1)] - display_width(v)) for i, v in enumerate(vals))
        lines.append(line.rstrip())
    return lines


def _header_lines(row: list[str], below: list[str], label_w: int, col_w: int) -> list[str]:
    """A header row over the data row `below`: its first cells as that row's label, the rest
    each over the value column it heads, wrapped within the column's width."""
    slots = len([c for c in below if _is_num(c) or c == ""])
    lead = len(below) - slots  # the data row's label cells
    label, heads = " ".join(c for c in row[:lead] if c), row[lead:]
    heads += [""] * (slots - len(heads))  # a header row stops at its last cell: the rest it spans
    cells: list[tuple[int, list[str]]] = []  # (width, the head's lines) per head, over the empty cells it spans
    j = 0
    while j < len(heads):
        spans = 1 if not heads[j] else next((k for k, c in enumerate(heads[j + 1:]) if c), len(heads) - j - 1) + 1
        per_line = max(1, (col_w * spans - 2) // 2)  # Chinese characters that fit the cells it spans
        h = heads[j]
        cells.append((col_w * spans, [h[i:i + per_line] for i in range(0, len(h), per_line)] or [""]))
        j += spans
    out = []
    for depth in range(max((len(c) for _, c in cells), default=1)):
        line = (label if depth == 0 else "") + " " * (label_w - display_width(label if depth == 0 else ""))
        for width, c in cells:
            text = c[depth] if depth < len(c) else ""
            line += text + " " * (width - display_width(text))
        out.append(line.rstrip())
    return out


def bare_cells(table: Table) -> list[str]:
    """One cell per line with no separators, as a copy from a PDF gives: empty cells vanish."""
    return [c for r in table for c in r if c]


def _is_num(text: str) -> bool:
    from pipelines.parsing.clean import normalise
    from pipelines.parsing.values import classify

    return classify(normalise(text)) == "value"


LAYOUTS: dict[str, Callable[[Table], list[str]]] = {
    "markdown": markdown, "inline_pipes": inline_pipes, "cell_per_line": cell_per_line, "tabbed": tabbed,
    "aligned": aligned, "bare_cells": bare_cells,
}


def prose_numbers(doc: dict) -> str:
    """The opening paragraph's numbers, as reports state them (the statements of prose.toml):
    requests received and answered, reviews and lawsuits, as the tables hold them, or with the
    one `doc["prose_mismatch"]` names misprinted (off by a few)."""
    t3, t4 = doc["t3_requests"], doc["t4_review_litigation"]
    said = {"requests_received": t3["new_received"]["total"] or 0,
            "requests_handled": t3["total_handled"]["total"] or 0, "admin_reviews": t4["admin_review"]["total"] or 0,
            "lawsuits": (t4["litigation_direct"]["total"] or 0) + (t4["litigation_after_review"]["total"] or 0)}
    if doc.get("prose_mismatch"):
        said[doc["prose_mismatch"]["statement"]] += doc["prose_mismatch"]["off_by"]
    return (f"全年共收到政府信息公开申请{said['requests_received']:g}件，办结{said['requests_handled']:g}件；"
            f"政府信息公开行政复议{said['admin_reviews']:g}件，行政诉讼{said['lawsuits']:g}件。")


def render_text(doc: dict, layout: str, p: Printer = PLAIN, *,
                prose: tuple[str, ...] = ("本年度政府信息公开工作有序开展。",)) -> str:
    """The whole report as text in one layout: title, six sections, tables, signature."""
    template = templates()[doc["template"]]
    lay = LAYOUTS[layout]
    t = template.tables
    noise = p.noise
    rng = p.rng
    agency = "" if "signature_only_agency" in noise else doc["agency"]
    title = f"{agency}{doc['report_year']}年政府信息公开工作年度报告"
    if "spam" in noise:
        title = rng.choice(SPAM) + title
        prose = (f"本年度,以{rng.choice(SPAM)}为指导,{prose[0]}", *prose[1:])
    split_rows = frozenset(rng.sample(["denied_state_secret", "granted", "not_processed_petition", "total_handled"],
                                      2)) if "values_next_line" in noise else frozenset()
    t3_rows = t3_table(t["t3_requests"], doc["t3_requests"], p, split_rows)
    if "page_breaks" in noise:  # the table goes on over the page: a page number, the header again
        cut = rng.choice([i for i in range(8, len(t3_rows) - 3) if t3_rows[i][1]])  # never inside a row
        t3 = [*lay(t3_rows[:cut]), "", f"- {rng.randint(2, 9)} -", "",
              *lay([*t3_header("org_subtotal" in str(doc["t3_requests"])), *t3_rows[cut:]])]
    else:
        t3 = lay(t3_rows)
    headings = list(HEADINGS)
    if "missing_headings" in noise:
        headings[2] = headings[3] = ""
    lines = [title]
    if "web_debris" in noise:  # the portal's stamp: its date only where the report has one
        stamp = f"发布时间:{doc['published_on']} 10:21 " if doc.get("published_on") else ""
        lines.append(f"{stamp}[ 大 中 小 ]")
    lines += ["", headings[0], *prose, prose_numbers(doc), "",
              headings[1], *lay(t2_table(t["t2_active"], doc["t2_active"], p)), "",
              headings[2], *t3, "",
              headings[3], *lay(t4_table(t["t4_review_litigation"], doc["t4_review_litigation"], p,
                                          doc.get("notes"))), "",
              headings[4], "宣传力度仍需加强。", "", headings[5], "无。", ""]
    lines.append(doc["agency"])
    if doc.get("published_on"):
        y, m, d = (int(x) for x in doc["published_on"].split("-"))
        lines.append(f"{y}年{m}月{d}日")
    if "web_debris" in noise:
        lines += ["", "扫一扫在手机打开当前页"]
    return "\n".join(lines) + "\n"
