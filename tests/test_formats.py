"""HTML pages, Word files and PDFs read to the same cells as the values they were made from."""

from __future__ import annotations

import io

import pytest
from conftest import SEEDS, assert_same_cells, golden

from pipelines.model import NotAReportError
from pipelines.parsing import parse_bytes
from pipelines.parsing.formats.docx import docx_text
from pipelines.parsing.formats.grid import SpanCell, expand
from pipelines.parsing.formats.html import html_text
from pipelines.synth.corpus import EXTENSIONS
from pipelines.synth.formats import RENDERERS, render_docx, render_html
from pipelines.synth.noise import Printer


@pytest.mark.parametrize("fmt", sorted(RENDERERS))
@pytest.mark.parametrize("stem", SEEDS)
def test_a_report_rendered_as_a_real_file_parses_back_to_its_values(fmt: str, stem: str) -> None:
    truth = golden(stem)
    report = parse_bytes(RENDERERS[fmt](truth), f"report.{EXTENSIONS[fmt]}")
    assert report.format == EXTENSIONS[fmt]
    assert_same_cells(report.to_json(), truth)
    assert (report.agency, report.report_year, report.published_on, report.template) == (
        truth["agency"], truth["report_year"], truth["published_on"], truth["template"])


def test_money_printed_in_yuan_in_an_html_cell_is_stored_in_wan_yuan() -> None:
    truth = golden("004_ed30aedeb07ca90b")
    assert truth["t2_active"]["central_procurement"]["amount_wan_yuan"] == 16.18048
    page = render_html(truth, Printer(noise=frozenset({"money_yuan"})))
    assert "161804.8元" in page.decode()
    report = parse_bytes(page, "r.html")
    assert report.table("t2_active")["central_procurement"]["amount_wan_yuan"] == pytest.approx(16.18048)


def test_spans_expand_into_a_grid_with_the_merged_text_once() -> None:
    grid = expand([[SpanCell("三、本年度办理结果", rowspan=2), SpanCell("(一)予以公开"), SpanCell("1")],
                   [SpanCell("(二)部分公开"), SpanCell("2")],
                   [SpanCell("申请人情况", colspan=3)]])
    assert grid == [["三、本年度办理结果", "(一)予以公开", "1"], ["", "(二)部分公开", "2"], ["申请人情况", "", ""]]


def test_html_article_is_found_among_menus_footers_and_scripts() -> None:
    text, page = html_text(render_html(golden("003_37b5b8939bab6174")).decode())
    assert page.title == "衡阳市人民政府办公室2022年政府信息公开工作年度报告"
    assert "二、主动公开政府信息情况" in text
    for noise in ("首页", "备案号", "_hmt", "网站地图", "统计"):
        assert noise not in text


def test_html_fragment_with_br_nbsp_nested_spans_and_a_layout_table() -> None:
    page = ("<table><tr><td><table><tr><td>一、本年新收<br/>政府信息公开申请数量</td>"
            "<td><span style='x'><span>3</span></span></td><td>&nbsp;</td></tr></table></td></tr></table>"
            "<p>结尾&nbsp;段落</p>")
    lines = html_text(page)[0].splitlines()
    assert "| 一、本年新收政府信息公开申请数量 | 3 |  |" in lines
    assert "结尾\xa0段落" in lines  # folded to a space by clean(), like every NBSP


def test_an_html_cell_keeps_its_text_around_a_script_and_leaves_the_script_out() -> None:
    page = ("<table><tr><td><span>二、上年</span><script>var n = 9;</script><b>结转</b><br>政府信息公开申请数量</td>"
            "<td><p><span>1</span><span>2</span></p><style>td {}</style></td></tr></table>"
            "<p>本报告由本机关政府信息公开工作机构编制</p>")
    assert "| 二、上年结转政府信息公开申请数量 | 12 |" in html_text(page)[0].splitlines()


def test_html_in_gbk_with_its_charset_declared_is_decoded() -> None:
    page = render_html(golden("002_7097c5c10f7e9ea9")).decode().replace('charset="utf-8"', 'charset="gbk"')
    report = parse_bytes(page.encode("gbk"), "page.htm")
    assert report.format == "html" and report.encoding is not None and "gb" in report.encoding
    assert_same_cells(report.to_json(), golden("002_7097c5c10f7e9ea9"))


def test_docx_merged_cells_are_read_once_in_the_right_columns() -> None:
    text = docx_text(render_docx(golden("001_f9533017e326e83f")))
    assert "| 三、本年度办理结果 | (一)予以公开 |  | 1 | 0 | 0 | 0 | 0 | 0 | 1 |" in text
    assert "|  | (三)不予公开 | 1.属于国家秘密 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |" in text


def test_a_scanned_pdf_without_text_is_refused() -> None:
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf)
    c.rect(50, 50, 400, 600, fill=1)
    c.showPage()
    c.save()
    with pytest.raises(NotAReportError, match="no text layer"):
        parse_bytes(buf.getvalue(), "scan.pdf")


def test_a_legacy_word_doc_is_refused_with_that_reason() -> None:
    with pytest.raises(NotAReportError, match=r"legacy Word 97-2003 \(.doc\)"):
        parse_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "old.doc")


def test_a_broken_docx_is_refused() -> None:
    with pytest.raises(NotAReportError, match="Word"):
        parse_bytes(b"PK\x03\x04 not really a zip", "broken.docx")


def test_a_portal_page_dates_and_attributes_its_report_from_its_meta_tags_and_source_line() -> None:
    body = render_html(golden("003_37b5b8939bab6174")).decode()
    start, end = body.index('<div class="TRS_Editor">'), body.index('<div class="share">')
    article = body[start:end].replace("衡阳市人民政府办公室", "").replace("2023年1月17日", "")
    page = ('<html><head><meta name="ArticleTitle" content="衡阳市人民政府办公室2022年政府信息公开工作年度报告">'
            '<meta name="PubDate" content="2023-01-18 09:30"><meta name="ContentSource" content="市政府办">'
            f'</head><body><div class="info">来源:衡阳市人民政府 时间:2023-01-19</div>{article}</body></html>')
    report = parse_bytes(page.encode(), "page.html")
    assert (report.agency, report.report_year, report.published_on) == ("衡阳市人民政府办公室", 2022, "2023-01-18")


def test_a_portal_source_line_attributes_a_report_that_names_no_agency() -> None:
    body = render_html(golden("003_37b5b8939bab6174")).decode()
    start, end = body.index('<div class="TRS_Editor">'), body.index('<div class="share">')
    article = body[start:end].replace("衡阳市人民政府办公室", "")
    page = f'<html><body><div class="info">来源:衡阳市人民政府办公室 时间:2023-01-19 10:00</div>{article}</body></html>'
    report = parse_bytes(page.encode(), "page.html")
    assert report.agency == "衡阳市人民政府办公室"
