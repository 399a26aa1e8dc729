"""HTML -> text, with selectolax (a maintained HTML5 parser; never regex on tags).

Reports sit in portal pages among menus, footers and scripts. The article is the deepest element
holding nearly all of the page's Chinese text outside links; its blocks become lines and its data
tables (tables with no table inside: outer tables are page layout) become markdown grids with
rowspan/colspan expanded. Nothing in the page is executed or fetched.
"""

from __future__ import annotations

import regex
from selectolax.lexbor import LexborHTMLParser, LexborNode

from pipelines.parsing.formats.grid import SpanCell, expand, join_wrapped, markdown_lines

SKIP = frozenset({"script", "style", "noscript", "iframe", "nav", "header", "footer", "aside", "form", "select",
                  "button", "svg", "template", "head", "input", "textarea", "object", "embed"})
BLOCK = frozenset({"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "section", "article",
                   "blockquote", "pre", "center", "dd", "dt", "dl", "hr", "main", "tr", "caption", "figure"})
ARTICLE_SHARE = 0.85
_SPACES = regex.compile(r"[ \t\r\n\f]+")
_HAN = regex.compile(r"\p{Han}")


class _Lines:
    """Collects text into lines as block boundaries arrive."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.current = ""

    def add(self, text: str) -> None:
        self.current += _SPACES.sub(" ", text)

    def newline(self) -> None:
        if self.current.strip():
            self.lines.append(self.current.strip())
        self.current = ""

    def extend(self, lines: list[str]) -> None:
        self.newline()
        self.lines.extend(lines)


def _span(node: LexborNode, name: str) -> int:
    try:
        return max(1, min(int(str(node.attributes.get(name) or 1).strip()), 500))
    except ValueError:
        return 1


def _cell_text(node: LexborNode) -> str:
    out = _Lines()
    _walk(node, out)
    out.newline()
    return join_wrapped(out.lines)


def _table_lines(table: LexborNode) -> list[str]:
    rows: list[list[SpanCell]] = []
    for tr in table.css("tr"):
        cells = [SpanCell(_cell_text(td), _span(td, "rowspan"), _span(td, "colspan"))
                 for td in tr.iter() if td.tag in ("td", "th")]
        rows.append(cells)
    return markdown_lines(expand(rows))


def _walk(node: LexborNode, out: _Lines) -> None:
    for child in node.iter(include_text=True):
        tag = child.tag
        if tag == "-text":
            out.add(child.text_content or "")
        elif tag in SKIP or tag == "-comment":
            continue
        elif tag == "table":
            if len(child.css("table")) == 1:  # css() includes the node itself
                out.extend(_table_lines(child))
            else:  # a layout table: read its cells as blocks
                out.newline()
                _walk_layout(child, out)
                out.newline()
        elif tag == "br":
            out.newline()
        elif tag in BLOCK or tag in ("td", "th"):
            out.newline()
            _walk(child, out)
            out.newline()
        else:
            _walk(child, out)


def _walk_layout(table: LexborNode, out: _Lines) -> None:
    for child in table.iter():
        if child.tag in ("tbody", "thead", "tfoot", "tr"):
            _walk_layout(child, out)
        elif child.tag in ("td", "th"):
            out.newline()
            _walk(child, out)
            out.newline()


def _content_chars(node: LexborNode, memo: dict[int, int]) -> int:
    """Chinese characters under a node, not counting link text (menus are links)."""
    total = 0
    for child in node.iter(include_text=True):
        if child.tag == "-text":
            total += len(_HAN.findall(child.text_content or ""))
        elif child.tag not in SKIP and child.tag != "a" and child.tag != "-comment":
            total += _content_chars(child, memo)
    memo[node.mem_id] = total
    return total


def _article(root: LexborNode) -> LexborNode:
    memo: dict[int, int] = {}
    total = _content_chars(root, memo)
    node = root
    while True:
        best = None
        for child in node.iter():
            if child.tag in SKIP:
                continue
            if memo.get(child.mem_id, 0) >= ARTICLE_SHARE * total:
                best = child
                break
        if best is None:
            return node
        node = best


def _page_title(tree: LexborHTMLParser) -> str | None:
    for sel in ("h1", "h2", ".title", "title"):
        for node in tree.css(sel):
            text = _SPACES.sub(" ", node.text(deep=True)).strip()
            if "报告" in text:
                parts = [p for p in regex.split(r"\s*[-_|]\s*", text) if "报告" in p]
                return parts[0] if parts else text
    return None


def html_text(html: str) -> str:
    """The article of an HTML page as text lines, tables as markdown grids."""
    tree = LexborHTMLParser(html)
    root = tree.body or tree.root
    if root is None:
        return ""
    article = _article(root)
    out = _Lines()
    _walk(article, out)
    out.newline()
    head = "\n".join(out.lines[:12])
    title = _page_title(tree)
    if title and "报告" not in head:
        out.lines.insert(0, title)
    return "\n".join(out.lines) + "\n"
