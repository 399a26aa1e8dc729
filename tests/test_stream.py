"""Tables in text extracted from PDFs, read as a stream of labels and numbers in reading order."""

from __future__ import annotations

from pipelines.parsing.stream import align_stream, align_stream_grid
from pipelines.templates import templates

T2 = templates()["gov_2021"].tables["t2_active"]
T3 = templates()["gov_2021"].tables["t3_requests"]
T4 = templates()["gov_2021"].tables["t4_review_litigation"]


def _lines(text: str) -> tuple[tuple[int, str], ...]:
    return tuple(enumerate(text.split("\n"), start=1))


def _values(aligned, row: str) -> list:
    return [c.value for c in aligned.cells if c.row == row]


def _statuses(aligned, row: str) -> list[str]:
    return [c.status for c in aligned.cells if c.row == row]


def test_rows_of_bare_numbers_after_their_labels_are_read_as_pdftotext_raw_prints_them() -> None:
    text = ("信息内容 本年制发件数 本年废止件数 现行有效件数\n规章 1 0 11\n行政规范性文件 8 26 66\n"
            "信息内容 本年处理决定数量\n行政许可 447228")
    got = align_stream(T2, _lines(text))
    assert _values(got, "regulation") == [1, 0, 11]
    assert _values(got, "normative_doc") == [8, 26, 66]
    assert _values(got, "admin_license") == [447228]
    assert not got.warnings or {w.code for w in got.warnings} == {"row_not_found"}


def test_a_label_wrapped_over_three_lines_with_its_numbers_on_the_middle_one_is_one_row() -> None:
    text = ("5.要求行政机关确认或重新出\n  1  0  0  0  0  0  1\n具已获取信息\n"
            "1、申请人无正当理由逾期不补\n正、行政机关不再处理其政府信   67  3  0  0  1  0  71\n息公开申请")
    got = align_stream(T3, _lines(text))
    assert _values(got, "not_processed_confirmation") == [1, 0, 0, 0, 0, 0, 1]
    assert _values(got, "other_overdue_correction") == [67, 3, 0, 0, 1, 0, 71]
    found = {c.row: c.label_match for c in got.cells if c.status == "ok"}
    assert found == {"not_processed_confirmation": "exact", "other_overdue_correction": "exact"}


def test_a_vertical_label_one_character_per_line_between_rows_is_not_read_as_a_label() -> None:
    text = ("二、上年结转政府信息公开申请数量 34 0 0 0 0 0 34\n三、\n本\n年\n度\n办\n理\n结\n果\n"
            "（一）予以公开 1288 21 0 0 50 3 1362")
    got = align_stream(T3, _lines(text))
    assert _values(got, "carried_over") == [34, 0, 0, 0, 0, 0, 34]
    assert _values(got, "granted") == [1288, 21, 0, 0, 50, 3, 1362]


def test_a_short_row_in_text_that_keeps_positions_has_its_blanks_under_the_nearest_full_row() -> None:
    text = ("（一）予以公开        12     3     0     0     1     0     16\n"
            "（二）部分公开         4                 2           0      6")
    got = align_stream(T3, _lines(text))
    assert _values(got, "partially_granted") == [4, None, None, 2, None, 0, 6]
    assert _statuses(got, "partially_granted") == ["ok", "blank", "blank", "ok", "blank", "ok", "ok"]


def test_a_short_row_without_positions_is_left_missing_not_guessed() -> None:
    text = "（一）予以公开 12 3 0 0 1 0 16\n（二）部分公开 4 2 0 6"
    got = align_stream(T3, _lines(text))
    assert set(_statuses(got, "partially_granted")) == {"missing"}
    assert any(w.code == "cells_unplaced" and "partially_granted" in w.message for w in got.warnings)


def test_the_review_table_is_its_numbers_under_the_header_in_reading_order() -> None:
    text = ("行政复议 行政诉讼\n结果\n维持\n结 果\n纠正\n总计\n未经复议直接起诉 复议后起诉\n"
            "72 64 178 37 351 13 4 8 1 26 12 1 1 6 20")
    got = align_stream_grid(T4, _lines(text))
    assert _values(got, "admin_review") == [72, 64, 178, 37, 351]
    assert _values(got, "litigation_after_review") == [12, 1, 1, 6, 20]


def test_a_review_table_short_of_a_cell_in_text_that_shows_no_blanks_is_left_missing_not_shifted() -> None:
    # 14 numbers for 15 cells: the blank could stand at any of a proceeding's parts
    text = "行政复议 行政诉讼\n结果维持 结果纠正 其他结果 尚未审结 总计\n2 1 0 3 0 0 0 0 0 1 1 0 0 2"
    got = align_stream_grid(T4, _lines(text))
    assert {c.status for c in got.cells} == {"missing"}
    assert any(w.code == "cells_unplaced" for w in got.warnings)
