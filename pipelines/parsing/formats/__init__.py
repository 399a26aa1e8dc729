"""File formats -> text: HTML pages, Word files and PDFs become the same text as a pasted report.

Each format module turns its file into lines of text in which every real table is written as a
markdown pipe table (spans expanded into a grid first), so that sections, metadata, the markdown
reader and the aligner serve every format alike, and a cell means the same whatever the format.
"""

from __future__ import annotations

from dataclasses import dataclass

from pipelines.model import DEFAULT_LIMITS, Limits, NotAReportError
from pipelines.parsing.decode import decode
from pipelines.parsing.formats.page import NO_PAGE, PageFacts

HTML_SUFFIXES = frozenset({".html", ".htm", ".shtml", ".xhtml"})
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


@dataclass(frozen=True, slots=True)
class Text:
    """A file as text: `format` is text, html, docx or pdf; `encoding` is None for binary formats;
    `page` what a web page says of the report outside its text."""

    text: str
    format: str
    encoding: str | None
    page: PageFacts = NO_PAGE


def _looks_like_html(text: str) -> bool:
    head = text[:2000].lstrip()
    if not head.startswith("<"):  # most reports: plain text, answered without lowering the head
        return False
    head = head.lower()
    markers = ("<html", "<body", "<div", "<p", "<table", "<!doctype")
    return any(t in head for t in markers)


def to_text(data: bytes, source: str, limits: Limits = DEFAULT_LIMITS) -> Text:
    """Read any supported format; raise NotAReportError for a format that cannot be read, or
    for a file past the `limits`."""
    suffix = "." + source.rsplit(".", 1)[-1].lower() if "." in source else ""
    if data.startswith(b"%PDF"):
        from pipelines.parsing.formats.pdf import pdf_text

        return Text(pdf_text(data, limits), "pdf", None)
    if data.startswith(b"PK\x03\x04"):
        from pipelines.parsing.formats.docx import docx_text

        return Text(docx_text(data, limits), "docx", None)
    if data.startswith(_OLE):
        raise NotAReportError("a legacy Word 97-2003 (.doc) file: cannot be read; save it as .docx")
    decoded = decode(data)
    if suffix in HTML_SUFFIXES or _looks_like_html(decoded.text):
        from pipelines.parsing.formats.html import html_text

        text, page = html_text(decoded.text, limits)
        return Text(text, "html", decoded.encoding, page)
    return Text(decoded.text, "text", decoded.encoding)
