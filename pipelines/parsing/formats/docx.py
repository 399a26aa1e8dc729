"""DOCX -> text, read straight from `word/document.xml` with lxml: paragraphs in order, tables as
markdown grids.

Merged cells are read from the XML itself: `w:gridSpan` widens a cell, `w:vMerge` without
"restart" continues the cell above (left empty in the grid), so merged labels are read once.
(python-docx would build an object per paragraph, run and cell first: twice the time, for
nothing the text needs.)
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator

from lxml import etree

from pipelines.model import DEFAULT_LIMITS, Limits, NotAReportError
from pipelines.parsing.formats.grid import SpanCell, expand, join_wrapped, markdown_lines

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
P, T, TBL, TR, TC = _W + "p", _W + "t", _W + "tbl", _W + "tr", _W + "tc"
TC_PR, GRID_SPAN, V_MERGE, VAL = _W + "tcPr", _W + "gridSpan", _W + "vMerge", _W + "val"
SDT, SDT_CONTENT = _W + "sdt", _W + "sdtContent"
# a Word file is untrusted input: no entities expanded, nothing fetched, no giant trees
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)


def _text(p: etree._Element) -> str:
    return "".join(t.text or "" for t in p.iter(T))


def _cell_text(tc: etree._Element) -> str:
    return join_wrapped([_text(p) for p in tc.iter(P)])


def _table_lines(tbl: etree._Element) -> list[str]:
    rows: list[list[SpanCell]] = []
    for tr in tbl.iter(TR):
        if tr.getparent() is not tbl:  # rows of a nested table belong to it
            continue
        cells: list[SpanCell] = []
        for tc in tr.findall(TC):
            pr = tc.find(TC_PR)
            span, continued = 1, False
            if pr is not None:
                gs = pr.find(GRID_SPAN)
                if gs is not None:
                    span = int(gs.get(VAL, "1"))
                vm = pr.find(V_MERGE)
                continued = vm is not None and vm.get(VAL, "continue") != "restart"
            cells.append(SpanCell("" if continued else _cell_text(tc), 1, span))
        rows.append(cells)
    return markdown_lines(expand(rows))


def _check_unpacked_size(z: zipfile.ZipFile, limit: int) -> None:
    """Refuse a file whose parts claim to unpack past `limit`, before unpacking: a zip bomb must
    not take the worker's memory (a long report with images unpacks to a few MB)."""
    unpacked = sum(info.file_size for info in z.infolist())
    if unpacked > limit:
        raise NotAReportError(f"a Word file that unpacks to {unpacked / 2**20:.0f} MB, more than any annual report "
                              f"({limit / 2**20:.0f} MB at most; a zip bomb?): not unpacked")


def _blocks(parent: etree._Element) -> Iterator[etree._Element]:
    """The paragraphs and tables of the body in order, those inside content controls too."""
    for child in parent:
        if child.tag == SDT:
            content = child.find(SDT_CONTENT)
            if content is not None:
                yield from _blocks(content)
        elif child.tag in (P, TBL):
            yield child


def docx_text(data: bytes, limits: Limits = DEFAULT_LIMITS) -> str:
    """The document body in order: paragraphs as lines, tables as markdown grids."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            _check_unpacked_size(z, limits.max_docx_unpacked_bytes)
            root = etree.fromstring(z.read("word/document.xml"), _PARSER)
    except (zipfile.BadZipFile, KeyError, etree.XMLSyntaxError, ValueError) as exc:
        raise NotAReportError(f"not a readable Word (.docx) file: {exc}") from exc
    body = root.find(_W + "body")
    lines: list[str] = []
    for block in _blocks(body if body is not None else root):
        if block.tag == P:
            lines.append(_text(block))
        else:
            lines.extend(_table_lines(block))
    return "\n".join(lines) + "\n"
