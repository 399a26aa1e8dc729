"""Every text layout seen in real reports reads to the same cells."""

from __future__ import annotations

import pytest
from conftest import SEEDS, assert_same_cells, golden

from pipelines.parsing import parse_bytes
from pipelines.parsing.layouts import aligned, bare_lines, cell_per_line, inline_pipes, markdown, read_region, tabbed
from pipelines.synth.render import LAYOUTS, render_text


def _lines(text: str) -> list[tuple[int, str]]:
    return list(enumerate(text.split("\n"), start=1))


@pytest.mark.parametrize("layout", sorted(LAYOUTS))
@pytest.mark.parametrize("stem", SEEDS)
def test_a_report_rendered_in_any_layout_parses_back_to_its_values(layout: str, stem: str) -> None:
    truth = golden(stem)
    unprinted = any(v is None for t in ("t2_active", "t3_requests") for row in truth[t].values() for v in row.values())
    if layout == "bare_cells" and unprinted:
        pytest.skip("a layout without cell borders cannot show which of a row's cells is blank or not printed")
    report = parse_bytes(render_text(truth, layout).encode(), "rendered.txt")
    assert report.layout == layout
    assert_same_cells(report.to_json(), truth)
    assert (report.agency, report.report_year, report.template) == (
        truth["agency"], truth["report_year"], truth["template"])


def test_markdown_reader_keeps_blank_cells_and_reads_split_blocks() -> None:
    text = "| a | | 1 |\n|---|---|---|\n| b | 2 | |\n\n| | |\n|--|--|\n| c | 3 |"
    reader, rows = read_region(_lines(text))
    assert reader is markdown.READER
    assert [[c.text for c in r] for r in rows] == [["a", "", "1"], ["b", "2", ""], ["", ""], ["c", "3"]]
    assert rows[3][1].line == 7


def test_cell_per_line_reader_treats_bare_pipes_as_empty_cells() -> None:
    text = "(七)总计 |\n5 |\n|\n|\n5 |\n||\n四、结转下年度继续办理 |\n0 |"
    reader, rows = read_region(_lines(text))
    assert reader is cell_per_line.READER and not reader.rows_are_reliable
    assert [c.text for c in rows[0]] == ["(七)总计", "5", "", "", "5", "", "", "四、结转下年度继续办理", "0"]


def test_tabbed_reader_joins_cells_wrapped_onto_the_next_line() -> None:
    text = "\t\n\t（三）不\n予公开\n\t1.属于国家秘密\n\t0\n\n\t商业\n企业\n\t1"
    reader, rows = read_region(_lines(text))
    assert reader is tabbed.READER
    assert [[c.text for c in r] for r in rows] == [["", "（三）不予公开", "1.属于国家秘密", "0"], ["商业企业", "1"]]


def test_inline_reader_reads_one_row_per_line() -> None:
    text = "规章 | 0 | 0 | 1 |\n行政规范性文件 | 24 | 89 | 151 |"
    reader, rows = read_region(_lines(text))
    assert reader is inline_pipes.READER
    assert [[c.text for c in r] for r in rows] == [["规章", "0", "0", "1"], ["行政规范性文件", "24", "89", "151"]]


def test_prose_without_table_cells_gives_no_rows() -> None:
    assert read_region(_lines("本年度无行政复议案件。\n")) == (None, [])


def test_aligned_reader_finds_blank_cells_by_their_column_position() -> None:
    text = ("信息内容     自然人  商业企业  总计\n"
            "一、本年新收    5       1         6\n"
            "(七)总计        5                 5\n")
    reader, rows = read_region(_lines(text))
    assert reader is aligned.READER
    assert [[c.text for c in r] for r in rows[1:]] == [["一、本年新收", "5", "1", "6"], ["(七)总计", "5", "", "5"]]


def test_aligned_reader_counts_chinese_characters_as_two_columns() -> None:
    text = "规章            0   1\n行政规范性文件  2   3\n"
    _, rows = read_region(_lines(text))
    assert [[c.text for c in r] for r in rows] == [["规章", "0", "1"], ["行政规范性文件", "2", "3"]]


def test_bare_lines_reader_reads_a_stream_of_cells() -> None:
    text = "规章\n0\n0\n1\n行政规范性文件\n24\n89\n151\n"
    reader, rows = read_region(_lines(text))
    assert reader is bare_lines.READER and not reader.rows_are_reliable
    assert [c.text for c in rows[0]] == ["规章", "0", "0", "1", "行政规范性文件", "24", "89", "151"]
