"""PDF -> text, with pdfplumber: per page, the text outside tables and the tables as grids,
in reading order. A table broken across pages gives one grid per page; the repeated header and
the page number between them are harmless to the aligner. A PDF with no text layer (a scan) is
refused: there is nothing to read without OCR.
"""

from __future__ import annotations

import io

import pdfplumber
from pdfminer.pdfparser import PDFSyntaxError
from pdfplumber.utils.exceptions import PdfminerException

from pipelines.model import DEFAULT_LIMITS, Limits, NotAReportError
from pipelines.parsing.formats.grid import join_wrapped, markdown_lines


def _inside(obj: dict, boxes: list[tuple[float, float, float, float]]) -> bool:
    cx, cy = (obj["x0"] + obj["x1"]) / 2, (obj["top"] + obj["bottom"]) / 2
    return any(x0 <= cx <= x1 and top <= cy <= bottom for x0, top, x1, bottom in boxes)


def pdf_text(data: bytes, limits: Limits = DEFAULT_LIMITS) -> str:
    """The text, tables as grids; a PDF longer than the limit (an annual report runs to a few
    dozen pages) is refused before any page is read."""
    try:
        pdf = pdfplumber.open(io.BytesIO(data))
    except (PdfminerException, PDFSyntaxError, ValueError, TypeError) as exc:
        raise NotAReportError(f"not a readable PDF: {exc}") from exc
    lines: list[str] = []
    chars = 0
    with pdf:
        if len(pdf.pages) > limits.max_pdf_pages:
            raise NotAReportError(f"a PDF of {len(pdf.pages)} pages, more than any annual report "
                                  f"({limits.max_pdf_pages} at most): not read")
        for page in pdf.pages:
            chars += len(page.chars)
            tables = page.find_tables()
            boxes = [t.bbox for t in tables]
            outside = page.filter(lambda o, boxes=boxes: o.get("object_type") != "char" or not _inside(o, boxes))
            blocks: list[tuple[float, list[str]]] = []
            for t in tables:
                grid = [[join_wrapped((c or "").split("\n")) for c in row] for row in t.extract()]
                blocks.append((t.bbox[1], markdown_lines(grid)))
            for tl in outside.extract_text_lines():
                blocks.append((tl["top"], [tl["text"]]))
            for _, block in sorted(blocks, key=lambda b: b[0]):
                lines.extend(block)
    if chars == 0:
        raise NotAReportError("a PDF with no text layer (a scan?): nothing to read without OCR")
    return "\n".join(lines) + "\n"
