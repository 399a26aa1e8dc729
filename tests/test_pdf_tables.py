"""PDF pages -> text: ruled tables rebuilt as grids from their drawn lines, unruled ones kept by position.

Each PDF here is drawn with reportlab the ways report PDFs are drawn (a grid of stroked lines,
borders as thin filled rectangles cell by cell, no rules at all) with the embedded font the
generator uses, then read back through PDFium.
"""

from __future__ import annotations

import io
from itertools import pairwise

import pytest
from reportlab.pdfgen import canvas

from pipelines.model import NotAReportError
from pipelines.parsing.formats.pdf import pdf_text
from pipelines.parsing.formats.ruled import Glyph, Rule, page_lines
from pipelines.parsing.layouts.positions import display_width
from pipelines.synth.formats import PDF_FONT, _register_pdf_font

HEIGHT = 842.0


def _pdf(draw) -> bytes:
    _register_pdf_font()
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=(595, HEIGHT))
    c.setFont(PDF_FONT, 10)
    draw(c)
    c.save()
    return buf.getvalue()


def _text(c: canvas.Canvas, x: float, top: float, s: str) -> None:
    """Text whose line sits `top` points below the top of the page."""
    c.drawString(x, HEIGHT - top, s)


XS = (50, 150, 250, 350)
YS = (100, 120, 140, 160)


def _cells(c: canvas.Canvas) -> None:
    _text(c, 55, 115, "信息内容")
    _text(c, 155, 115, "本年制发件数")
    _text(c, 255, 115, "现行有效件数")
    _text(c, 55, 135, "规章")
    _text(c, 155, 135, "3")
    _text(c, 255, 135, "12")
    _text(c, 55, 155, "规范性文件")
    _text(c, 255, 155, "7")  # the middle cell is blank


def test_a_table_ruled_with_stroked_lines_is_read_as_a_grid_with_its_blank_cell_kept() -> None:
    def draw(c: canvas.Canvas) -> None:
        c.grid(list(XS), [HEIGHT - y for y in YS])
        _cells(c)

    text = pdf_text(_pdf(draw))
    assert "| 规章 | 3 | 12 |" in text
    assert "| 规范性文件 |  | 7 |" in text


def test_a_table_whose_borders_are_thin_filled_rectangles_cell_by_cell_is_read_the_same() -> None:
    def draw(c: canvas.Canvas) -> None:  # as WPS draws them: each border its own 0.5 pt rectangle
        for y in YS:
            for x0, x1 in pairwise(XS):
                c.rect(x0, HEIGHT - y - 0.25, x1 - x0, 0.5, stroke=0, fill=1)
        for x in XS:
            for y0, y1 in pairwise(YS):
                c.rect(x - 0.25, HEIGHT - y1, 0.5, y1 - y0, stroke=0, fill=1)
        _cells(c)

    text = pdf_text(_pdf(draw))
    assert "| 规章 | 3 | 12 |" in text
    assert "| 规范性文件 |  | 7 |" in text


def test_a_merged_cell_has_its_text_once_in_its_top_left_position() -> None:
    # a label column over two rows (no rule between them), and a header over two columns
    rules = [Rule(True, y, 0, 300) for y in (0, 20, 40, 60)] + [Rule(False, x, 0, 60) for x in (0, 100, 300)]
    rules += [Rule(False, 200, 20, 60), Rule(True, 40, 100, 300)]
    rules.remove(Rule(True, 40, 0, 300))
    glyphs = [Glyph(t, x, y, x + 10, y + 10) for t, x, y in [
        ("申", 150, 5), ("请", 160, 5), ("结", 30, 35), ("果", 40, 35), ("1", 150, 25), ("2", 250, 25),
        ("3", 150, 45), ("4", 250, 45)]]
    assert page_lines(glyphs, rules) == [
        "", "|  | 申请 |  |", "|---|---|---|", "| 结果 | 1 | 2 |", "|  | 3 | 4 |", ""]


def test_a_box_drawn_around_a_paragraph_is_text_not_a_table() -> None:
    rules = [Rule(True, 0, 0, 300), Rule(True, 40, 0, 300), Rule(False, 0, 0, 40), Rule(False, 300, 0, 40)]
    glyphs = [Glyph(t, 10 + 10 * i, 10, 20 + 10 * i, 20) for i, t in enumerate("本报告由办公室编制")]
    assert page_lines(glyphs, rules) == ["本报告由办公室编制"]


def test_an_unruled_table_keeps_its_columns_as_spaces_so_a_blank_cell_shows() -> None:
    def draw(c: canvas.Canvas) -> None:
        _cells(c)

    header, full, gap = pdf_text(_pdf(draw)).splitlines()
    assert full.startswith("规章") and gap.startswith("规范性文件")

    def column(line: str, s: str) -> int:  # where on the line, a Chinese character two columns wide
        return display_width(line[:line.index(s)])

    # the numbers stand under their column headers: 12 and 7 in one column, 3 alone in its own
    assert column(full, "12") == column(gap, "7") == column(header, "现行有效件数")
    assert column(full, "3") == column(header, "本年制发件数")


def test_a_scanned_pdf_with_rules_but_no_characters_is_refused() -> None:
    def draw(c: canvas.Canvas) -> None:
        c.grid(list(XS), [HEIGHT - y for y in YS])

    with pytest.raises(NotAReportError, match="no text layer"):
        pdf_text(_pdf(draw))
