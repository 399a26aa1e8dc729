"""PDF -> text, with PDFium (pypdfium2): each page's characters with their boxes and the lines
drawn on it, made into tables and lines of text by `ruled`. A table broken across pages gives
one grid per page; the repeated header and the page number between them are harmless to the
aligner. A PDF with no text layer (a scan) is refused: there is nothing to read without OCR.

PDFium reads a page's text some twenty times faster than pdfplumber (pdfminer in Python), and
the table finder here asks only for what a report's tables need: straight rules and cells.
"""

from __future__ import annotations

import ctypes
import unicodedata

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from pipelines.model import DEFAULT_LIMITS, Limits, NotAReportError
from pipelines.parsing.formats.ruled import Glyph, Rule, page_lines, rule


def _glyphs(page: pdfium.PdfPage, height: float) -> list[Glyph]:
    """The page's printed characters (not the spaces and line breaks PDFium adds, nor spaces:
    gaps are measured), top-down."""
    textpage = page.get_textpage()
    try:
        raw = textpage.raw
        box = pdfium_c.FS_RECTF()
        out = []
        for i in range(pdfium_c.FPDFText_CountChars(raw)):
            code = pdfium_c.FPDFText_GetUnicode(raw, i)
            if code <= 0x20 or code in (0xFFFE, 0xFFFF) or chr(code).isspace():
                continue
            pdfium_c.FPDFText_GetLooseCharBox(raw, i, box)
            out.append(Glyph(chr(code), box.left, height - box.top, box.right, height - box.bottom))
        return out
    finally:
        textpage.close()


def _segments(path: ctypes.c_void_p) -> list[tuple[float, float, float, float]]:
    """The straight segments of a drawn path, in page coordinates (curves are left out)."""
    m = pdfium_c.FS_MATRIX()
    pdfium_c.FPDFPageObj_GetMatrix(path, m)
    x, y = ctypes.c_float(), ctypes.c_float()
    out = []
    start = last = None
    for k in range(pdfium_c.FPDFPath_CountSegments(path)):
        segment = pdfium_c.FPDFPath_GetPathSegment(path, k)
        pdfium_c.FPDFPathSegment_GetPoint(segment, x, y)
        point = (m.a * x.value + m.c * y.value + m.e, m.b * x.value + m.d * y.value + m.f)
        kind = pdfium_c.FPDFPathSegment_GetType(segment)
        if kind == pdfium_c.FPDF_SEGMENT_LINETO and last is not None:
            out.append((*last, *point))
        if kind == pdfium_c.FPDF_SEGMENT_MOVETO:
            start = point
        last = point
        if pdfium_c.FPDFPathSegment_GetClose(segment) and start is not None:
            out.append((*point, *start))
            last = start
    return out


def _rules(page: pdfium.PdfPage, height: float) -> list[Rule]:
    """The straight lines drawn on the page (stroked lines and the edges of rectangles: borders
    are drawn both ways), top-down. Paths inside form XObjects are not read. (The page's objects
    are walked through PDFium's own calls: pypdfium2's `get_objects` wraps every character's
    text object too, a fifth of the PDF's reading time.)"""
    out = []
    for k in range(pdfium_c.FPDFPage_CountObjects(page.raw)):
        obj = pdfium_c.FPDFPage_GetObject(page.raw, k)
        if pdfium_c.FPDFPageObj_GetType(obj) != pdfium_c.FPDF_PAGEOBJ_PATH:
            continue
        for x0, y0, x1, y1 in _segments(obj):
            r = rule(x0, height - y0, x1, height - y1)
            if r is not None:
                out.append(r)
    return out


def pdf_text(data: bytes, limits: Limits = DEFAULT_LIMITS) -> str:
    """The text, tables as grids; a PDF longer than the limit (an annual report runs to a few
    dozen pages) is refused before any page is read."""
    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        raise NotAReportError(f"not a readable PDF: {exc}") from exc
    try:
        if len(pdf) > limits.max_pdf_pages:
            raise NotAReportError(f"a PDF of {len(pdf)} pages, more than any annual report "
                                  f"({limits.max_pdf_pages} at most): not read")
        lines: list[str] = []
        printed = 0
        for page in pdf:
            try:
                height = page.get_height()
                glyphs = _glyphs(page, height)
                printed += len(glyphs)
                lines.extend(page_lines(glyphs, _rules(page, height)))
            finally:
                page.close()
    finally:
        pdf.close()
    if printed == 0:
        raise NotAReportError("a PDF with no text layer (a scan?): nothing to read without OCR")
    return unicodedata.normalize("NFC", "\n".join(lines)) + "\n"
