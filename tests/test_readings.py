"""Tables read more than one way: the evidence picks the reading, and blame falls only where due."""

from __future__ import annotations

import copy

from conftest import golden, table_cells

from pipelines.invariants import evaluate
from pipelines.parsing import parse_bytes
from pipelines.synth.formats import render_html
from pipelines.synth.render import render_text


def _outcomes(report, rule: str) -> list:
    return [o for o in report.outcomes if o.rule_id == rule]


def test_a_column_blank_throughout_and_a_blank_total_stay_in_their_columns_on_a_web_page() -> None:
    doc = copy.deepcopy(golden("003_37b5b8939bab6174"))
    for row in doc["t3_requests"].values():
        row["research"] = None
    doc["t3_requests"]["granted"]["total"] = None
    got = table_cells(parse_bytes(render_html(doc), "page.html").to_json())
    assert {k: v for k, v in got.items() if k.startswith("t3_requests/granted/")} == {
        k: v for k, v in table_cells(doc).items() if k.startswith("t3_requests/granted/")}


def test_numbers_that_do_not_add_up_read_with_full_confidence_are_the_agencys_arithmetic() -> None:
    doc = copy.deepcopy(golden("003_37b5b8939bab6174"))
    doc["t3_requests"]["new_received"]["total"] += 1
    report = parse_bytes(render_text(doc, "markdown").encode(), "r.txt")
    (failed,) = [o for o in _outcomes(report, "t3_applicant_sum") if o.status == "fail"]
    assert (failed.scope, failed.failure_kind) == ("new_received", "agency_arithmetic")
    assert {r.table: r.confidence for r in report.readings}["t3_requests"] == "full"


def test_a_failure_touching_a_cell_another_reading_disputes_is_an_extraction_suspect() -> None:
    # as when the kept reading fails a rule that another reading of the table satisfies, reading
    # this cell otherwise: the failure may be ours, and never blamed on the agency
    report = parse_bytes(render_text(golden("003_37b5b8939bab6174"), "markdown").encode(), "r.txt")
    disputed = {("t3_requests", "new_received", "total")}
    cells = [c._replace(value=c.value + 1) if (c.table, c.row, c.col) in disputed else c for c in report.cells]
    (failed,) = [o for o in evaluate(cells, disputed) if o.rule_id == "t3_applicant_sum" and o.status == "fail"]
    assert failed.failure_kind == "extraction_suspect" and "new_received/total" in failed.detail


def test_a_subtotal_column_is_read_as_its_own_column_and_checked_never_as_the_total() -> None:
    doc = golden("003_37b5b8939bab6174")
    header = ("| | 自然人 | 商业企业 | 科研机构 | 社会公益组织 | 法律服务机构 | 其他 | 小计 | 总计 |\n"
              "|---|---|---|---|---|---|---|---|---|\n")
    labels = {"new_received": "一、本年新收政府信息公开申请数量", "carried_over": "二、上年结转政府信息公开申请数量"}
    rows = ""
    for code, label in labels.items():
        v = doc["t3_requests"][code]
        orgs = [v[c] for c in ("commercial", "research", "social_org", "legal_service", "other_org")]
        rows += f"| {label} | {v['natural_person']} | {' | '.join(map(str, orgs))} | {sum(orgs)} | {v['total']} |\n"
    title = f"{doc['agency']}{doc['report_year']}年政府信息公开工作年度报告"
    text = f"{title}\n三、收到和处理政府信息公开申请情况\n{header}{rows}"
    report = parse_bytes(text.encode(), "r.txt")
    got = report.table("t3_requests")["new_received"]
    want = doc["t3_requests"]["new_received"]
    assert got["total"] == want["total"]
    assert got["org_subtotal"] == sum(want[c] for c in ("commercial", "research", "social_org", "legal_service",
                                                         "other_org"))
    assert {r.table: r.optional_columns for r in report.readings}["t3_requests"] == ("org_subtotal",)
    assert {o.status for o in _outcomes(report, "t3_org_subtotal") if o.scope in labels} == {"pass"}
    assert {o.status for o in _outcomes(report, "t3_applicant_sum") if o.scope in labels} == {"pass"}


def test_a_report_whose_tables_cannot_be_read_is_kept_with_its_metadata_and_a_warning() -> None:
    labels = "\n".join(["一、本年新收政府信息公开申请数量", "二、上年结转政府信息公开申请数量", "(一)予以公开",
                        "(二)部分公开", "1.属于国家秘密", "2.其他法律行政法规禁止公开", "(七)总计"])
    text = f"某县人民政府2023年政府信息公开工作年度报告\n三、收到和处理政府信息公开申请情况\n{labels}\n(表格为图片)\n"
    report = parse_bytes(text.encode(), "r.txt")
    assert (report.agency, report.report_year) == ("某县人民政府", 2023)
    assert any(w.code == "tables_unreadable" for w in report.warnings)
    assert all(c.status == "missing" for c in report.cells)


def test_the_subtotal_rule_does_not_apply_to_a_report_that_prints_no_subtotal_column() -> None:
    report = parse_bytes(render_text(golden("003_37b5b8939bab6174"), "markdown").encode(), "r.txt")
    assert _outcomes(report, "t3_org_subtotal") == []
    assert {o.status for o in _outcomes(report, "t3_applicant_sum")} == {"pass"}
