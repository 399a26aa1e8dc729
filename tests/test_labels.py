"""Row labels are found through the template's variants and a fuzzy match, in template order."""

from __future__ import annotations

import pytest

from pipelines.parsing.align import align_labelled
from pipelines.parsing.labels import label_core, match_label
from pipelines.parsing.layouts import CellText, cell
from pipelines.templates import templates

T3 = templates()["gov_2021"].tables["t3_requests"]
T3_2019 = templates()["gov_2019"].tables["t3_requests"]


@pytest.mark.parametrize(("printed", "code"), [
    ("1.本机关不掌控相关政府信息", "unavailable_not_held"),          # 掌控 for 掌握
    ("3.要求提供公开出物", "not_processed_publication"),              # 出物 for 出版物
    ("5.要求行政机关确认或重新出具以获取信息", "not_processed_confirmation"),  # 以 for 已
])
def test_typos_seen_in_reports_match_as_listed_variants(printed: str, code: str) -> None:
    m = match_label(T3, printed, 0)
    assert m is not None and (m.row.code, m.how) == (code, "variant")


@pytest.mark.parametrize(("printed", "code"), [
    ("1.本机关不掌捏相关政府信息", "unavailable_not_held"),
    ("4.保扩第三方合法权益", "denied_third_party"),
    ("2.没有现存信息需要另行制作", "unavailable_needs_creation"),
])
def test_unseen_typos_match_fuzzily_and_say_so(printed: str, code: str) -> None:
    near = next(i for i, r in enumerate(T3.rows) if r.code == code) - 2
    m = match_label(T3, printed, near)
    assert m is not None and (m.row.code, m.how) == (code, "fuzzy") and 80 <= m.score < 100


@pytest.mark.parametrize(("printed", "core"), [
    ("三、本 年度办 理结果", "本年度办理结果"),               # words split by spaces
    ("（三）不\n予公开", "不予公开"),                         # split by a newline
    ("3,要求提供公开出版物", "要求提供公开出版物"),            # comma for the dot
    ("(七) 总计", "总计"),
    ("(二)部分公开(区分处理的,只计这一情形,不计其他情形)", "部分公开"),
    ("3.危及“三安全一稳定”", "危及三安全一稳定"),
])
def test_numbering_spacing_and_remarks_do_not_change_a_label(printed: str, core: str) -> None:
    assert label_core(printed) == core


def test_a_header_word_cannot_steal_a_row_label_far_ahead() -> None:
    assert match_label(T3, "总计", 0) is None          # the header's 总计, not row (七)
    m = match_label(T3, "(七)总计", 28)
    assert m is not None and m.row.code == "total_handled"


def test_an_earlier_row_label_is_not_matched_again_later() -> None:
    assert match_label(T3, "(一)予以公开", 10) is None


def _row(*texts: str, line: int = 1) -> tuple[CellText, ...]:
    return tuple(cell(t, line) for t in texts)


def test_values_printed_on_the_line_after_their_label_are_read() -> None:
    rows = [_row("(三)不予公开", "1.属于国家秘密", "", "", "", "", "", "", ""),
            _row("", "", "3", "0", "0", "0", "0", "0", "3", line=2)]
    got = {c.col: c.value for c in align_labelled(T3, rows).cells if c.row == "denied_state_secret"}
    assert got["natural_person"] == 3 and got["total"] == 3


def test_gov_2021_report_printing_other_handling_undivided_keeps_it_and_marks_sub_rows_missing() -> None:
    rows = [_row("(六)其他处理", "1", "0", "0", "0", "0", "0", "1"), _row("(七)总计", *"1000001")]
    out = align_labelled(T3, rows)
    by_row = {(c.row, c.col): c for c in out.cells}
    assert by_row[("other_handling", "total")].value == 1
    assert by_row[("other_misc", "total")].status == "missing"
    assert any(w.code == "undivided_row" for w in out.warnings)


def test_gov_2021_other_handling_as_a_heading_is_not_a_row() -> None:
    rows = [_row("(六)其他处理", "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", *"0000000"),
            _row("2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", *"0000000"),
            _row("3.其他", *"1000001")]
    out = align_labelled(T3, rows)
    assert "other_handling" not in {c.row for c in out.cells}
    assert {c.col: c.value for c in out.cells if c.row == "other_misc"}["total"] == 1


def test_gov_2019_other_handling_is_an_ordinary_row() -> None:
    out = align_labelled(T3_2019, [_row("(六)其他处理", *"2000002")])
    assert {c.col: c.value for c in out.cells if c.row == "other_handling"}["total"] == 2
