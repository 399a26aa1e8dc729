"""DOCX -> text, with python-docx: paragraphs in order, tables as markdown grids.

Merged cells are read from the XML itself: `w:gridSpan` widens a cell, `w:vMerge` without
"restart" continues the cell above (left empty in the grid), so merged labels are read once.
"""

from __future__ import annotations

import io
import zipfile

from docx import Document
from docx.oxml.ns import qn

from pipelines.model import DEFAULT_LIMITS, Limits, NotAReportError
from pipelines.parsing.formats.grid import SpanCell, expand, join_wrapped, markdown_lines


def _cell_text(tc) -> str:
    return join_wrapped(["".join(t.text or "" for t in p.iter(qn("w:t"))) for p in tc.iter(qn("w:p"))])


def _table_lines(tbl) -> list[str]:
    rows: list[list[SpanCell]] = []
    for tr in tbl.iter(qn("w:tr")):
        if tr.getparent() is not tbl:  # rows of a nested table belong to it
            continue
        cells: list[SpanCell] = []
        for tc in tr.findall(qn("w:tc")):
            pr = tc.find(qn("w:tcPr"))
            span, continued = 1, False
            if pr is not None:
                gs = pr.find(qn("w:gridSpan"))
                if gs is not None:
                    span = int(gs.get(qn("w:val"), "1"))
                vm = pr.find(qn("w:vMerge"))
                continued = vm is not None and vm.get(qn("w:val"), "continue") != "restart"
            cells.append(SpanCell("" if continued else _cell_text(tc), 1, span))
        rows.append(cells)
    return markdown_lines(expand(rows))


def _check_unpacked_size(data: bytes, limit: int) -> None:
    """Refuse a file whose parts claim to unpack past `limit`, before unpacking: a zip bomb must
    not take the worker's memory (a long report with images unpacks to a few MB)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            unpacked = sum(info.file_size for info in z.infolist())
    except zipfile.BadZipFile as exc:
        raise NotAReportError(f"not a readable Word (.docx) file: {exc}") from exc
    if unpacked > limit:
        raise NotAReportError(f"a Word file that unpacks to {unpacked / 2**20:.0f} MB, more than any annual report "
                              f"({limit / 2**20:.0f} MB at most; a zip bomb?): not unpacked")


def docx_text(data: bytes, limits: Limits = DEFAULT_LIMITS) -> str:
    """The document body in order: paragraphs as lines, tables as markdown grids."""
    _check_unpacked_size(data, limits.max_docx_unpacked_bytes)
    try:
        doc = Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise NotAReportError(f"not a readable Word (.docx) file: {exc}") from exc
    lines: list[str] = []
    for block in doc.element.body.iterchildren():
        if block.tag == qn("w:p"):
            lines.append("".join(t.text or "" for t in block.iter(qn("w:t"))))
        elif block.tag == qn("w:tbl"):
            lines.extend(_table_lines(block))
    return "\n".join(lines) + "\n"
