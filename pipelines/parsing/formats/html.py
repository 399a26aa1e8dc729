"""HTML -> text, with selectolax (a maintained HTML5 parser; never regex on tags).

Reports sit in portal pages among menus, footers and scripts. The article is the deepest element
holding nearly all of the page's Chinese text outside links; its blocks become lines and its data
tables (tables with no table inside: outer tables are page layout) become markdown grids with
rowspan/colspan expanded. Nothing in the page is executed or fetched.
"""

from __future__ import annotations

import re

import regex
from selectolax.lexbor import LexborHTMLParser, LexborNode

from pipelines.model import DEFAULT_LIMITS, Limits, NotAReportError
from pipelines.parsing.formats.grid import SpanCell, expand, join_wrapped, markdown_lines
from pipelines.parsing.formats.page import NO_PAGE, PageFacts, iso_date

SKIP = frozenset({"script", "style", "noscript", "iframe", "nav", "header", "footer", "aside", "form", "select",
                  "button", "svg", "template", "head", "input", "textarea", "object", "embed"})
BLOCK = frozenset({"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "section", "article",
                   "blockquote", "pre", "center", "dd", "dt", "dl", "hr", "main", "tr", "caption", "figure"})
ARTICLE_SHARE = 0.85
_SPACES = re.compile(r"[ \t\r\n\f]+")  # a plain class: `re` is faster at it
_HAN = regex.compile(r"\p{Han}")
# The portal's 来源 / 时间 line (also 信息来源, 发布机构, 发布时间, 发布日期).
_SOURCE = regex.compile(r"(?:信息来源|来源|发布机构)\s*[:：]\s*(?P<v>[^\s:：|]{2,40})")
_TIME = regex.compile(r"(?:发布时间|发布日期|时间|日期)\s*[:：]\s*"
                     r"(?P<v>(?:19|20)\d{2}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2})")


# Tags a page never closes (void), or that HTML closes by itself when the next one opens: left out
# of the nesting count, so that sloppy but real pages are not counted deep.
_UNCOUNTED = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
                        "track", "wbr", "p", "li", "dt", "dd", "tr", "td", "th", "option", "tbody", "thead", "tfoot",
                        "colgroup", "rb", "rt", "rp", "optgroup"})
_TAG = regex.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9-]*)[^>]*?(/?)>")
# An opening tag that is counted: a page with no more of them than the limit cannot nest deeper,
# and counting them is one call into the regex engine where measuring the depth is a loop here
# (most of an HTML report's reading time before this).
_COUNTED_OPENING = re.compile(r"<(?!(?:" + "|".join(sorted(_UNCOUNTED)) + r")\b)[a-zA-Z]", re.IGNORECASE)


def nesting_depth(html: str) -> int:
    """How deep the page's elements nest, counted from its tags in one pass (see _UNCOUNTED)."""
    depth = deepest = 0
    for m in _TAG.finditer(html):
        closing, tag, self_closing = m.group(1), m.group(2).lower(), m.group(3)
        if tag in _UNCOUNTED or self_closing:
            continue
        depth = max(0, depth - 1) if closing else depth + 1
        deepest = max(deepest, depth)
    return deepest


def nests_deeper_than(html: str, limit: int) -> int | None:
    """The page's nesting depth when it is past `limit`, else None."""
    # Every opening tag is a "<" not followed by "/": their number bounds the depth, and counting
    # two strings is far cheaper than the pattern below (which took 0.5 ms of a report's page).
    # Report pages hold about a thousand of them, the limit is 2,000.
    if html.count("<") - html.count("</") <= limit:
        return None
    if len(_COUNTED_OPENING.findall(html)) <= limit:
        return None
    depth = nesting_depth(html)
    return depth if depth > limit else None


class _Lines:
    """Collects text into lines as block boundaries arrive; the data tables' grids too, unless
    `tables` is False (the page's own lines around the report need none)."""

    def __init__(self, tables: bool = True) -> None:
        self.lines: list[str] = []
        self.current = ""
        self.tables = tables

    def add(self, text: str) -> None:
        self.current += _SPACES.sub(" ", text)

    def newline(self) -> None:
        if self.current.strip():
            self.lines.append(self.current.strip())
        self.current = ""

    def extend(self, lines: list[str]) -> None:
        self.newline()
        self.lines.extend(lines)


def _span(value: str | None) -> int:
    """A rowspan or colspan attribute as a count: 1 when absent or not a number, at most 500."""
    try:
        return max(1, min(int(str(value or 1).strip()), 500))
    except ValueError:
        return 1


def _cell_text(cell: LexborNode) -> str:
    """A table cell's text, its lines (parted by blocks and <br>) joined as `join_wrapped` does.
    (One pass over the cell's nodes in document order: cells are most of a page's nodes.)"""
    lines = [""]
    for node in cell.traverse(include_text=True):
        tag = node.tag
        if tag == "-text":
            if node.parent is not None and node.parent.tag not in SKIP:
                lines[-1] += node.text_content or ""
        elif tag == "br" or tag in BLOCK:
            lines.append("")
    return join_wrapped([_SPACES.sub(" ", line) for line in lines])


def _table_lines(table: LexborNode) -> list[str]:
    rows: list[list[SpanCell]] = []
    for tr in table.css("tr"):
        cells = []
        for td in tr.iter():
            if td.tag in ("td", "th"):
                attrs = td.attrs
                cells.append(SpanCell(_cell_text(td), _span(attrs.get("rowspan")), _span(attrs.get("colspan"))))
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
                if out.tables:
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
        tag = child.tag
        if tag == "-text":
            total += len(_HAN.findall(child.text_content or ""))
        elif tag not in SKIP and tag != "a" and tag != "-comment":
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


def _meta(tree: LexborHTMLParser, *names: str) -> str | None:
    """The content of the first of these <meta name=...> tags the page has."""
    for name in names:
        node = tree.css_first(f'meta[name="{name}"]')
        content = node.attributes.get("content") if node is not None else None
        if content and content.strip():
            return content.strip()
    return None


def _title_block(tree: LexborHTMLParser) -> str | None:
    """The report's title as the page shows it: its title block (an element whose class names
    a title), a heading, or the page's <title> cut at the site name."""
    for sel in ('[class*="title"]', "h1", "h2", "title"):
        for node in tree.css(sel):
            text = _SPACES.sub(" ", node.text(deep=True)).strip()
            if "报告" in text and len(text) <= 120:
                parts = [p for p in regex.split(r"\s*[-_|]\s*", text) if "报告" in p]
                return parts[0] if parts else text
    return None


def _page_lines(root: LexborNode) -> list[str]:
    out = _Lines(tables=False)
    _walk(root, out)
    out.newline()
    return out.lines


def page_facts(tree: LexborHTMLParser) -> PageFacts:
    """What the portal says of the report around it: title, publishing body, date."""
    node = tree.body or tree.root
    lines = _page_lines(node) if node is not None else []
    chrome = "\n".join(line for line in lines if len(line) <= 200)
    source = _meta(tree, "ContentSource") or (m["v"].strip() if (m := _SOURCE.search(chrome)) else None)
    date = _meta(tree, "PubDate", "pubdate", "publishdate") or (m["v"] if (m := _TIME.search(chrome)) else None)
    return PageFacts(title=_meta(tree, "ArticleTitle") or _title_block(tree), source=source,
                     date=iso_date(date) if date else None, site=_meta(tree, "SiteName"))


def html_text(html: str, limits: Limits = DEFAULT_LIMITS) -> tuple[str, PageFacts]:
    """The article of an HTML page as text lines (tables as markdown grids), and the page's
    own facts about it. Real pages nest a few dozen elements deep; the HTML parser's work grows
    with the square of the depth (200,000 nested elements take it minutes), so a page nested past
    the limit is refused before it is parsed."""
    depth = nests_deeper_than(html, limits.max_html_depth)
    if depth is not None:
        raise NotAReportError(f"a web page whose elements nest {depth} deep, far beyond any real page "
                              f"({limits.max_html_depth} at most): not parsed")
    tree = LexborHTMLParser(html)
    root = tree.body or tree.root
    if root is None:
        return "", NO_PAGE
    article = _article(root)
    out = _Lines()
    _walk(article, out)
    out.newline()
    return "\n".join(out.lines) + "\n", page_facts(tree)
