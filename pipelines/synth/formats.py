"""Render a report (golden JSON format) as a real HTML portal page, a Word file or a PDF.

All three draw the same blocks (paragraphs, and the form's tables with merged cells), so a test
can parse each file back and compare it with the values it was made from, cell by cell.
"""

from __future__ import annotations

import html
import io
from collections.abc import Iterator

from pipelines.synth.forms import SpanTable, t2_form, t3_form, t4_form
from pipelines.synth.noise import SPAM, Printer
from pipelines.synth.render import HEADINGS, PLAIN, prose_numbers
from pipelines.templates import templates

Block = tuple[str, "str | SpanTable"]  # ("title" | "p", text) or ("table", span table)


def blocks(doc: dict, p: Printer = PLAIN, t3_page_break: int | None = None) -> Iterator[Block]:
    """The report as a sequence of title, paragraphs and tables, with the printer's noise
    (`t3_page_break`: see `t3_form`)."""
    t = templates()[doc["template"]]
    noise, rng = p.noise, p.rng
    agency = "" if "signature_only_agency" in noise else doc["agency"]
    title = f"{agency}{doc['report_year']}年政府信息公开工作年度报告"
    prose = "本年度,我单位认真贯彻落实《中华人民共和国政府信息公开条例》,政府信息公开工作有序开展。"
    if "spam" in noise:
        title = rng.choice(SPAM) + title
        prose = f"本年度,以{rng.choice(SPAM)}为指导," + prose
    headings = list(HEADINGS)
    if "missing_headings" in noise:
        headings[2] = headings[3] = ""
    yield "title", title
    yield "p", headings[0]
    yield "p", prose
    yield "p", prose_numbers(doc)
    yield "p", headings[1]
    yield "table", t2_form(t, doc["t2_active"], p)
    if headings[2]:
        yield "p", headings[2]
    yield "table", t3_form(t, doc["t3_requests"], p, t3_page_break)
    if headings[3]:
        yield "p", headings[3]
    yield "table", t4_form(t, doc["t4_review_litigation"], p, doc.get("notes"))
    yield "p", headings[4]
    yield "p", "政策解读形式仍较单一,下一步将加强培训。"
    yield "p", headings[5]
    yield "p", "无。"
    yield "sign", doc["agency"]
    if doc.get("published_on"):
        y, m, d = (int(x) for x in doc["published_on"].split("-"))
        yield "sign", f"{y}年{m}月{d}日"


# ------------------------------------------------------------------------------------------ HTML
def _html_cell(text: str, rowspan: int, colspan: int) -> str:
    attrs = (f' rowspan="{rowspan}"' if rowspan > 1 else "") + (f' colspan="{colspan}"' if colspan > 1 else "")
    inner = html.escape(text) if text else "&nbsp;"
    return (f'<td{attrs} style="border:1px solid #000;padding:2px"><p style="text-align:center">'
            f'<span style="font-size:12px;font-family:宋体">{inner}</span></p></td>')


def render_html(doc: dict, p: Printer = PLAIN) -> bytes:
    """A portal page: menus, a stamp line, the article with its tables, a footer, scripts."""
    body: list[str] = []
    title = ""
    for kind, content in blocks(doc, p):
        if kind == "title":
            title = str(content)
        elif kind == "table":
            rows = "".join("<tr>" + "".join(_html_cell(c.text, c.rowspan, c.colspan) for c in row) + "</tr>"
                           for row in content)  # type: ignore[union-attr]
            body.append(f'<table border="1" cellspacing="0" style="width:100%"><tbody>{rows}</tbody></table>')
        elif kind == "sign":
            body.append(f'<p style="text-align:right">{html.escape(str(content))}</p>')
        else:
            body.append(f"<p>&nbsp;&nbsp;{html.escape(str(content))}</p>")
    menu = "".join(f'<li><a href="/{i}">{t}</a></li>' for i, t in enumerate(
        ["首页", "政务公开", "政府信息公开年报", "互动交流", "办事服务", "走进本市"]))
    # the portal dates the page with the report's date; a report with none gets no date line
    stamp = f"发布时间:{doc['published_on']} " if doc.get("published_on") else ""
    page = f"""<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>{html.escape(title)}_政府信息公开_某某政府网</title>
<script>var _hmt = _hmt || []; document.write("<div>统计</div>");</script>
<style>.nav li {{ float:left }}</style></head>
<body><div class="header"><div class="logo">某某人民政府门户网站</div><ul class="nav">{menu}</ul></div>
<div class="main"><div class="position">当前位置: <a href="/">首页</a> &gt; <a href="/gk">政府信息公开</a></div>
<h1 class="title">{html.escape(title)}</h1>
<div class="info">{stamp}来源:本网 [ 大 中 小 ]</div>
<div class="TRS_Editor">{"".join(body)}</div>
<div class="share">扫一扫在手机打开当前页</div></div>
<div class="footer"><p>主办:某某人民政府办公室 <a href="/about">网站地图</a></p><p>备案号:京ICP备00000000号</p></div>
<script>window.onload = function() {{}};</script></body></html>"""
    return page.encode("utf-8")


# ------------------------------------------------------------------- HTML exported from Word
_WORD_P = ("TEXT-JUSTIFY: inter-ideograph; LINE-HEIGHT: 29.5pt; MARGIN: 0pt; FONT-FAMILY: 仿宋_GB2312; "
           "FONT-SIZE: 16pt")
_WORD_TD = ("BORDER-BOTTOM: windowtext 1pt solid; BORDER-LEFT: windowtext 1pt solid; PADDING-LEFT: 5.4pt; "
            "PADDING-RIGHT: 5.4pt; BORDER-TOP: windowtext 1pt solid; BORDER-RIGHT: windowtext 1pt solid")


def _word_text(text: str) -> str:
    """A cell's text as Word writes it: numbers cut across runs (`<span>1</span><span>23</span>`),
    an empty cell as a no-break space."""
    if not text:
        return '<span lang="EN-US">&nbsp;</span>'
    if text[0].isdigit() and len(text) > 1:
        return f'<span lang="EN-US">{html.escape(text[0])}</span><span lang="EN-US">{html.escape(text[1:])}</span>'
    return f'<span style="FONT-FAMILY: 仿宋_GB2312; FONT-SIZE: 12pt">{html.escape(text)}</span>'


def render_word_html(doc: dict, p: Printer = PLAIN) -> bytes:
    """A Word file pasted into a portal's editor: MsoNormal paragraphs with upper-case inline
    styles, the title centred over two paragraphs, padded labels, numbers cut across runs, and
    table 3 split by a page inside the table (its group label printed again after the break)."""
    body: list[str] = []
    cut = p.rng.randint(4, 12)
    for kind, content in blocks(doc, p, t3_page_break=cut):
        if kind == "title":
            text = str(content)
            at = text.index("年") + 1 if "年" in text else len(text) // 2
            for part in (text[:at], text[at:]):
                body.append(f'<p class="MsoNormal" style="text-align:center;{_WORD_P}"><span style="FONT-FAMILY: '
                            f'方正小标宋简体; FONT-SIZE: 22pt">{html.escape(part)}</span></p>')
        elif kind == "table":
            rows = []
            for row in content:  # type: ignore[union-attr]
                tds = []
                for c in row:
                    attrs = (f' rowspan="{c.rowspan}"' if c.rowspan > 1 else "") + \
                            (f' colspan="{c.colspan}"' if c.colspan > 1 else "")
                    pad = "&nbsp;&nbsp;" if c.text and not c.text[0].isdigit() else ""
                    tds.append(f'<td style="{_WORD_TD}" valign="center"{attrs}><p class="MsoNormal" '
                               f'style="text-align:center;{_WORD_P}">{pad}{_word_text(c.text)}</p></td>')
                rows.append(f'<tr style="HEIGHT: 26pt">{"".join(tds)}</tr>')
            body.append('<table class="MsoNormalTable" style="BORDER-COLLAPSE: collapse; BORDER-TOP: medium none" '
                        f'border="1" cellspacing="0"><tbody>{"".join(rows)}</tbody></table>')
        else:
            align = "right" if kind == "sign" else "justify"
            body.append(f'<p class="MsoNormal" style="TEXT-ALIGN: {align}; TEXT-INDENT: 34pt; {_WORD_P}">'
                        f'<span style="FONT-FAMILY: 仿宋_GB2312">{html.escape(str(content))}</span></p>')
    stamp = f"时间:{doc['published_on']} 09:12" if doc.get("published_on") else ""
    page = f"""<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>政府信息公开工作年度报告</title></head>
<body><div class="article_extend"><span class="article_source">来源:本站</span>
<span class="article_time">{stamp}</span></div>
<div class="TRS_Editor"><p><br/></p>{"".join(body)}</div></body></html>"""
    return page.encode("utf-8")


# ------------------------------------------------------------------------------------------ DOCX
def render_docx(doc: dict, p: Printer = PLAIN) -> bytes:
    """A Word file whose tables merge cells the way the paper form does (gridSpan, vMerge)."""
    from docx import Document

    document = Document()
    for kind, content in blocks(doc, p):
        if kind == "table":
            table: SpanTable = content  # type: ignore[assignment]
            from pipelines.parsing.formats.grid import expand

            grid = expand(table)
            width = max(len(r) for r in grid)
            t = document.add_table(rows=len(grid), cols=width)
            t.style = "Table Grid"
            cells = t._cells  # fetched once: python-docx recomputes the list on every t.cell()
            taken: set[tuple[int, int]] = set()
            merges = []
            for r, row in enumerate(table):
                c = 0
                for cell in row:
                    while (r, c) in taken:
                        c += 1
                    cells[r * width + c].text = cell.text
                    if cell.rowspan > 1 or cell.colspan > 1:
                        merges.append((r * width + c, (r + cell.rowspan - 1) * width + c + cell.colspan - 1))
                    for dr in range(cell.rowspan):
                        for dc in range(cell.colspan):
                            taken.add((r + dr, c + dc))
                    c += cell.colspan
            for a, b in merges:
                cells[a].merge(cells[b])
        else:
            document.add_paragraph(str(content))
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


# ------------------------------------------------------------------------------------------ PDF
PDF_FONT = "SynthSong"


def _register_pdf_font() -> None:
    """Register the embedded font with reportlab (its registry is per process) once."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    from pipelines.synth.font import song_font

    if PDF_FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(PDF_FONT, io.BytesIO(song_font())))


def _pdf_spans(table: SpanTable) -> list[tuple]:
    """reportlab's SPAN commands for a table's merged cells."""
    spans = []
    taken: set[tuple[int, int]] = set()
    for r, row in enumerate(table):
        c = 0
        for cell in row:
            while (r, c) in taken:
                c += 1
            if cell.rowspan > 1 or cell.colspan > 1:
                spans.append(("SPAN", (c, r), (c + cell.colspan - 1, r + cell.rowspan - 1)))
            for dr in range(cell.rowspan):
                for dc in range(cell.colspan):
                    taken.add((r + dr, c + dc))
            c += cell.colspan
    return spans


def _column_widths(grid: list[list[str]], width: int, total: float) -> list[float]:
    """Label columns twice as wide as number columns, as the form is drawn (a column is a label
    column when no cell of it holds a digit)."""
    weights = [1.0 if any(c < len(r) and any(ch.isdigit() for ch in r[c]) for r in grid) else 2.0
               for c in range(width)]
    return [total * w / sum(weights) for w in weights]


def render_pdf(doc: dict, p: Printer = PLAIN) -> bytes:
    """A PDF as WPS and Word export one: a Chinese font embedded as a subset (`synth.font`), a
    Song-sized body over several pages, tables with merged cells, table 3 broken across pages with
    its header repeated, page numbers; tables ruled as a grid, or (noise `unruled_tables`) printed
    with no rules or only a rule above and below, their columns kept by position alone."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    from pipelines.parsing.formats.grid import expand

    _register_pdf_font()
    title_style = ParagraphStyle("title", fontName=PDF_FONT, fontSize=16, leading=24, alignment=1)
    style = ParagraphStyle("body", fontName=PDF_FONT, fontSize=11, leading=19, firstLineIndent=22)
    sign_style = ParagraphStyle("sign", fontName=PDF_FONT, fontSize=11, leading=19, alignment=2)
    cell_style = ParagraphStyle("cell", fontName=PDF_FONT, fontSize=6.5, leading=8)
    unruled = "unruled_tables" in p.noise
    rules = ([] if p.rng.random() < 0.5 else [("LINEABOVE", (0, 0), (-1, 0), 1, "black"),
                                              ("LINEBELOW", (0, -1), (-1, -1), 1, "black")]) if unruled \
        else [("GRID", (0, 0), (-1, -1), 0.5, "black")]
    story: list = []
    for kind, content in blocks(doc, p):
        if kind == "table":
            table: SpanTable = content  # type: ignore[assignment]
            grid = expand(table)
            width = max(len(r) for r in grid)
            data = [[Paragraph(html.escape(v), cell_style) if v else "" for v in r] + [""] * (width - len(r))
                    for r in grid]
            header_rows = 3 if table[0][-1].text == "申请人情况" else 0  # table 3 repeats its header
            pdf_table = Table(data, colWidths=_column_widths(grid, width, 515.0), repeatRows=header_rows,
                              splitByRow=1)
            pdf_table.setStyle(TableStyle([*rules, ("FONTNAME", (0, 0), (-1, -1), PDF_FONT),
                                           ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                                           ("LEFTPADDING", (0, 0), (-1, -1), 3), ("RIGHTPADDING", (0, 0), (-1, -1), 3),
                                           *_pdf_spans(table)]))
            story += [pdf_table, Spacer(1, 8)]
        elif kind == "title":
            story += [Paragraph(html.escape(str(content)), title_style), Spacer(1, 8)]
        else:
            story.append(Paragraph(html.escape(str(content)), sign_style if kind == "sign" else style))

    def page_number(canvas, document) -> None:
        canvas.setFont(PDF_FONT, 9)
        canvas.drawCentredString(A4[0] / 2, 20, f"- {document.page} -")

    buf = io.BytesIO()
    SimpleDocTemplate(buf, pagesize=A4, topMargin=40, bottomMargin=40, leftMargin=40, rightMargin=40).build(
        story, onFirstPage=page_number, onLaterPages=page_number)
    return buf.getvalue()


RENDERERS = {"html": render_html, "html_word": render_word_html, "docx": render_docx, "pdf": render_pdf}
