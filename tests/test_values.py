"""Each kind of value a cell prints becomes a number, a unit and a note, or a blank."""

from __future__ import annotations

import pytest

from pipelines.parsing.align import align_labelled, fit
from pipelines.parsing.clean import normalise
from pipelines.parsing.layouts import cell
from pipelines.parsing.values import classify, parse_value
from pipelines.templates import templates


@pytest.mark.parametrize(("text", "unit", "value", "note"), [
    ("0", None, 0, None),
    ("12", None, 12, None),
    ("1,234", None, 1234, None),
    ("-3", None, -3, None),
    ("15996.59", "万元", 15996.59, None),
    ("1946.6890万元", "万元", 1946.689, None),
    ("161804.8元", "万元", 16.18048, None),
    ("1 驳回", None, 1, "驳回"),
    ("2(驳回起诉)", None, 2, "驳回起诉"),
    ("5件", None, 5, None),
])
def test_printed_numbers_are_read_with_their_unit_and_note(text: str, unit: str | None, value: float,
                                                          note: str | None) -> None:
    v = parse_value(text, unit)
    assert v is not None and v.status == "ok" and v.note == note
    assert v.value == pytest.approx(value, abs=1e-12)
    assert isinstance(v.value, int) == isinstance(value, int)


def test_full_width_digits_are_folded_before_reading() -> None:
    v = parse_value(normalise("１，２３４"))
    assert v is not None and v.value == 1234


@pytest.mark.parametrize("text", ["", "  ", "—", "-", "/", "无"])
def test_empty_or_dash_cells_are_blank_not_zero(text: str) -> None:
    v = parse_value(text)
    assert v is not None and (v.value, v.status) == (None, "blank")


@pytest.mark.parametrize(("text", "kind"), [
    ("1.属于国家秘密", "text"), ("3,要求提供公开出版物", "text"), ("4. 保护第三方合法权益", "text"),
    ("本年新", "text"), ("1 驳回", "value"), ("", "blank"),
])
def test_numbered_labels_are_not_mistaken_for_numbers(text: str, kind: str) -> None:
    assert classify(text) == kind


def test_a_short_row_leaves_its_last_cells_missing_not_blank() -> None:
    t3 = templates()["gov_2021"].tables["t3_requests"]
    row = tuple(cell(t, 9) for t in ("1.本机关不掌握相关政府信息", "0", "0", "0", "0", "0", "0"))
    cells = {c.col: c for c in align_labelled(t3, [row]).cells if c.row == "unavailable_not_held"}
    assert (cells["total"].value, cells["total"].status, cells["total"].line) == (None, "missing", 9)
    assert cells["other_org"].status == "ok"


def test_a_printed_empty_cell_is_blank_with_its_line() -> None:
    t3 = templates()["gov_2021"].tables["t3_requests"]
    row = tuple(cell(t, 4) for t in ("(七)总计", "5", "", "", "", "", "", "5"))
    cells = {c.col: c for c in align_labelled(t3, [row]).cells if c.row == "total_handled"}
    assert (cells["commercial"].value, cells["commercial"].status, cells["commercial"].raw) == (None, "blank", "")


def test_layout_padding_and_shifted_columns_are_shed_before_fitting() -> None:
    cells = [cell(t, 1) for t in ("", "1", "2", "")]
    fitted, surplus = fit(cells, 2)
    assert [c.text for c in fitted if c] == ["1", "2"] and surplus == 0
    fitted, _ = fit(cells[:2], 3)
    assert fitted[2] is None
