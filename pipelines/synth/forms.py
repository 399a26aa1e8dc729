"""The three tables as printed on the paper form, with their merged cells.

Renderers for HTML, DOCX and PDF draw these span tables as real portals and Word files do:
labels spanning rows (三、本年度办理结果 over twelve rows), headers spanning columns (申请人情况,
法人或其他组织), values under two-level headers.
"""

from __future__ import annotations

from pipelines.parsing.formats.grid import SpanCell
from pipelines.synth.noise import Printer
from pipelines.synth.render import PLAIN, T4_HEADER, t3_spec
from pipelines.templates import Template

SpanTable = list[list[SpanCell]]


def _c(text: str, rowspan: int = 1, colspan: int = 1) -> SpanCell:
    return SpanCell(text, rowspan, colspan)


def t2_form(template: Template, values: dict, p: Printer = PLAIN) -> SpanTable:
    """表二: a block per 第二十条 clause, each with its own header row; 4 columns wide."""
    spec = template.tables["t2_active"]
    clauses = {"regulation": "(一)", "normative_doc": "(一)", "admin_license": "(五)", "other_admin_service": "(五)",
               "admin_penalty": "(六)", "admin_coercion": "(六)", "admin_fee": "(八)", "central_procurement": "(九)"}
    out: SpanTable = []
    previous = None
    for row in spec.data_rows:
        clause = clauses.get(row.code or "", "")
        cols = spec.columns_of(row)
        span_last = 4 - len(cols)
        if clause != previous:
            out.append([_c(f"第二十条第{clause}项", colspan=4)])
            out.append([_c("信息内容"), *(_c(p.label(c.label), colspan=1 + (span_last if i == len(cols) - 1 else 0))
                                       for i, c in enumerate(cols))])
            previous = clause
        vals = values.get(row.code, {})
        cells = [p.value(vals.get(c.code), money=bool(c.unit)) for c in cols]
        out.append([_c(p.label(row.label)), *(_c(v, colspan=1 + (span_last if i == len(cells) - 1 else 0))
                                    for i, v in enumerate(cells))])
    return out


def t3_form(template: Template, values: dict, p: Printer = PLAIN, page_break: int | None = None) -> SpanTable:
    """表三: three header rows, then the rows of the form under their merged group labels. With
    `page_break` (a data row), Word's split at a page: the groups open there are printed again
    with the rows after it (三、本年度办理结果 twice, each over its part)."""
    spec = t3_spec(template.tables["t3_requests"], values)
    orgs = spec.columns[1:-1]  # the 法人或其他组织 columns (with 小计 where printed)
    out: SpanTable = [
        [_c("(本列数据的勾稽关系为:第一项加第二项之和,等于第三项加第四项之和)", 3, 3),
         _c("申请人情况", colspan=len(spec.columns))],
        [_c("自然人", rowspan=2), _c("法人或其他组织", colspan=len(orgs)), _c("总计", rowspan=2)],
        [_c(c.label) for c in orgs],
    ]
    undivided = "other_handling" in values
    divided = {s for r in spec.rows for s in r.divides_into}
    rows = [r for r in spec.rows
            if not (r.divides_into and not undivided) and not (r.code in divided and undivided)]
    parent_of = {r.label: r.parent for r in rows}
    # a row of sub-rows printed divided heads them like a group
    if not undivided:
        parent_of.update({r.label: r.parent for r in spec.rows if r.divides_into})

    def chain(r) -> list[str]:
        out, p = [], r.parent
        while p:
            out.insert(0, p)
            p = parent_of.get(p)
        return out

    data = [r for r in rows if not r.is_group]
    parts = [data] if page_break is None else [data[:page_break], data[page_break:]]
    for part in parts:
        span: dict[str, int] = {}
        for r in part:
            for g in chain(r):
                span[g] = span.get(g, 0) + 1
        opened: set[str] = set()
        for r in part:
            groups = chain(r)
            heads = [_c(p.label(g), rowspan=span[g]) for g in groups if g not in opened]
            opened.update(groups)
            nums = [_c(p.value(values.get(r.code, {}).get(c.code))) for c in spec.columns]
            out.append([*heads, _c(p.label(r.label), colspan=3 - len(groups)), *nums])
    return out


def t4_form(template: Template, values: dict, p: Printer = PLAIN, notes: dict | None = None) -> SpanTable:
    """表四: a two-level header over one row of fifteen numbers."""
    spec = template.tables["t4_review_litigation"]
    outcomes = T4_HEADER[1][:5]
    notes = notes or {}
    return [
        [_c("行政复议", colspan=5), _c("行政诉讼", colspan=10)],
        [*(_c(o, rowspan=2) for o in outcomes), _c("未经复议直接起诉", colspan=5), _c("复议后起诉", colspan=5)],
        [_c(o) for o in outcomes * 2],
        [_c(p.value(values.get(r.code, {}).get(o.code), note=notes.get(f"t4_review_litigation/{r.code}/{o.code}")))
         for r in spec.rows for o in spec.columns],
    ]
