"""What a web page says about the report it carries, outside the report's own text.

Portal pages put the report's title in a title block above the article, the publishing body in
a 来源 line or a `ContentSource` meta tag, and the date in a 时间 line or a `PubDate` tag. Those
are the only places some reports are attributed and dated; the report's own title and signature
still win where they say otherwise (a portal's 来源 can name the body that posted the page, not
the body that reports).
"""

from __future__ import annotations

from dataclasses import dataclass

import regex

_DATE = regex.compile(r"(?P<y>(?:19|20)\d{2})\s*[-/.年]\s*(?P<m>\d{1,2})\s*[-/.月]\s*(?P<d>\d{1,2})")


@dataclass(frozen=True, slots=True)
class PageFacts:
    """The page's title of the report, its 来源 (publishing body), its date (ISO) and site."""

    title: str | None = None
    source: str | None = None
    date: str | None = None
    site: str | None = None


NO_PAGE = PageFacts()  # a file that is not a web page: nothing said around it


def iso_date(text: str) -> str | None:
    """`2024-03-08 15:34`, `2024/3/8`, `2024年3月8日` -> `2024-03-08`; None if not a date."""
    m = _DATE.search(text)
    if m is None:
        return None
    y, mo, d = int(m["y"]), int(m["m"]), int(m["d"])
    return f"{y:04d}-{mo:02d}-{d:02d}" if 1 <= mo <= 12 and 1 <= d <= 31 else None
