"""A PDF page's characters and ruling lines -> its ruled tables as grids, and the rest as lines.

A PDF has no tables, only characters at positions and lines drawn on the page. Where drawn lines
cross to make a grid (at least two horizontal and two vertical rules that meet), the grid is a
table: its rows and columns are the gaps between the rules, and two neighbouring cells with no
rule between them are one merged cell, whose text stands in its top-left position (as `grid.expand`
lays out the spans of HTML and Word tables), so a label merged over ten rows is read once.

Everything outside the tables becomes lines of text, top to bottom. A wide gap on a line is kept
as spaces up to the column the next character stands in, so a table printed without rules keeps
its columns for the layout reader of positioned text (`layouts.aligned`), as `pdftotext -layout`
keeps them.

Coordinates are the page's, top-down (y grows downwards), in points.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Sequence
from itertools import pairwise
from statistics import median
from typing import NamedTuple

from pipelines.parsing.formats.grid import join_wrapped, markdown_lines
from pipelines.parsing.layouts.positions import display_width

# Rules closer than this (points) are one rule: a border drawn as a thin filled rectangle gives
# two edges a line's width apart, and cells' borders meet only roughly.
SNAP = 2.0
MIN_RULE = 3.0  # shorter strokes are marks (ticks, the ends of thin rectangles), not rules
# Gaps between characters, in character heights: wider than WORD_GAP parts Latin words, wider
# than COLUMN_GAP parts columns (justified Chinese text spaces its characters far less).
WORD_GAP = 0.15
COLUMN_GAP = 1.0


class Glyph(NamedTuple):
    """One character as printed: its text and its box."""

    text: str
    x0: float
    top: float
    x1: float
    bottom: float


class Rule(NamedTuple):
    """A straight line drawn on the page: horizontal (`at` is its y) or vertical (`at` is its x),
    from `start` to `end` along its length."""

    horizontal: bool
    at: float
    start: float
    end: float


def rule(x0: float, y0: float, x1: float, y1: float) -> Rule | None:
    """The rule a drawn segment is, or None for a slanted or tiny one."""
    if abs(y1 - y0) <= SNAP and abs(x1 - x0) >= MIN_RULE:
        return Rule(True, (y0 + y1) / 2, min(x0, x1), max(x0, x1))
    if abs(x1 - x0) <= SNAP and abs(y1 - y0) >= MIN_RULE:
        return Rule(False, (x0 + x1) / 2, min(y0, y1), max(y0, y1))
    return None


def _positions(values: Iterable[float]) -> list[float]:
    """Distinct positions, values within SNAP of the one before taken as the same."""
    out: list[float] = []
    for v in sorted(values):
        if not out or v - out[-1] > SNAP:
            out.append(v)
    return out


def _merged(rules: Sequence[Rule]) -> list[Rule]:
    """Rules on one line that touch or overlap joined into one (borders come cell by cell); rules
    within SNAP of each other across the line are on one line."""
    out: list[Rule] = []
    for horizontal in (True, False):
        lines: list[list[Rule]] = []
        for r in sorted((r for r in rules if r.horizontal == horizontal), key=lambda r: r.at):
            if lines and r.at - lines[-1][0].at <= SNAP:
                lines[-1].append(r)
            else:
                lines.append([r])
        for line in lines:
            at = sum(r.at for r in line) / len(line)
            joined: list[Rule] = []
            for r in sorted(line, key=lambda r: r.start):
                if joined and r.start <= joined[-1].end + SNAP:
                    joined[-1] = joined[-1]._replace(end=max(joined[-1].end, r.end))
                else:
                    joined.append(Rule(horizontal, at, r.start, r.end))
            out += joined
    return out


def _meet(h: Rule, v: Rule) -> bool:
    return h.start - SNAP <= v.at <= h.end + SNAP and v.start - SNAP <= h.at <= v.end + SNAP


def _root(parent: list[int], i: int) -> int:
    while parent[i] != i:
        parent[i] = parent[parent[i]]
        i = parent[i]
    return i


def _groups(rules: Sequence[Rule]) -> list[list[Rule]]:
    """The rules that meet, directly or through others: each group a table's frame, or a lone line."""
    parent = list(range(len(rules)))
    for i, h in enumerate(rules):
        if not h.horizontal:
            continue
        for j, v in enumerate(rules):
            if not v.horizontal and _meet(h, v):
                parent[_root(parent, i)] = _root(parent, j)
    groups: dict[int, list[Rule]] = {}
    for i, r in enumerate(rules):
        groups.setdefault(_root(parent, i), []).append(r)
    return list(groups.values())


class Frame(NamedTuple):
    """A table's rules: the positions of its column edges (left to right) and row edges (top to
    bottom), and the rules drawn along each (`columns[j]` along xs[j], `rows[i]` along ys[i])."""

    xs: list[float]
    ys: list[float]
    columns: list[list[Rule]]
    rows: list[list[Rule]]

    def holds(self, x: float, y: float) -> bool:
        return self.xs[0] <= x <= self.xs[-1] and self.ys[0] <= y <= self.ys[-1]


def _along(rules: Sequence[Rule], positions: Sequence[float]) -> list[list[Rule]]:
    """The rules drawn along each position (a rule belongs to the nearest)."""
    out: list[list[Rule]] = [[] for _ in positions]
    for r in rules:
        out[min(range(len(positions)), key=lambda k: abs(positions[k] - r.at))].append(r)
    return out


def _covered(rules: Sequence[Rule], point: float) -> bool:
    """Whether one of these rules passes through `point` along its length."""
    return any(r.start - SNAP <= point <= r.end + SNAP for r in rules)


def _cells(f: Frame) -> list[int]:
    """For each cell (row-major) the cell its merged region starts at: cells with no rule
    between them are one."""
    xs, ys = f.xs, f.ys
    cols = len(xs) - 1
    parent = list(range((len(ys) - 1) * cols))
    for i in range(len(ys) - 1):
        mid_y = (ys[i] + ys[i + 1]) / 2
        for j in range(cols):
            mid_x = (xs[j] + xs[j + 1]) / 2
            if j + 1 < cols and not _covered(f.columns[j + 1], mid_y):
                parent[_root(parent, i * cols + j + 1)] = _root(parent, i * cols + j)
            if i + 2 < len(ys) and not _covered(f.rows[i + 1], mid_x):
                parent[_root(parent, (i + 1) * cols + j)] = _root(parent, i * cols + j)
    anchor: dict[int, int] = {}
    for k in range(len(parent)):  # row-major: the first cell of a region is its top-left
        anchor.setdefault(_root(parent, k), k)
    return [anchor[_root(parent, k)] for k in range(len(parent))]


def _frames(rules: Sequence[Rule]) -> list[Frame]:
    """The tables' frames, from the rules that meet."""
    frames = []
    for group in _groups(_merged(rules)):
        hs = [r for r in group if r.horizontal]
        vs = [r for r in group if not r.horizontal]
        xs, ys = _positions(r.at for r in vs), _positions(r.at for r in hs)
        if len(xs) >= 3 and len(ys) >= 2:  # a box drawn around a paragraph has one column: text
            frames.append(Frame(xs, ys, _along(vs, xs), _along(hs, ys)))
    return frames


def lines_of(glyphs: Iterable[Glyph]) -> list[list[Glyph]]:
    """Glyphs grouped into lines (a glyph whose middle is within half a height of the line's
    first glyph's middle is on its line), top to bottom, each left to right."""
    lines: list[list[Glyph]] = []
    mid = 0.0
    for g in sorted(glyphs, key=lambda g: g.top + g.bottom):
        m = (g.top + g.bottom) / 2
        if lines and m - mid <= (g.bottom - g.top) / 2:
            lines[-1].append(g)
        else:
            lines.append([g])
            mid = m
    return [sorted(line, key=lambda g: g.x0) for line in lines]


def _words(line: Sequence[Glyph]) -> str:
    """A line's text, a space only where a gap parts two Latin words or numbers."""
    out = [line[0].text]
    for a, b in pairwise(line):
        if b.x0 - a.x1 > WORD_GAP * (b.bottom - b.top) and a.text[-1].isascii() and b.text[0].isascii():
            out.append(" ")
        out.append(b.text)
    return "".join(out)


def _spaced(line: Sequence[Glyph], left: float, unit: float) -> str:
    """A line's text with each wide gap kept as spaces up to the column (in units of half a
    character, the width of a digit) where the next character stands."""
    out = " " * round((line[0].x0 - left) / unit) + line[0].text
    for a, b in pairwise(line):
        gap = b.x0 - a.x1
        height = b.bottom - b.top
        if gap > COLUMN_GAP * height:
            out += " " * max(2, round((b.x0 - left) / unit) - display_width(out))
        elif gap > WORD_GAP * height and a.text[-1].isascii() and b.text[0].isascii():
            out += " "
        out += b.text
    return out


def _grid(f: Frame, glyphs: Iterable[Glyph]) -> list[list[str]]:
    """The table's text: each glyph in the cell its middle falls in, each merged cell's text in
    its top-left position."""
    xs, ys = f.xs, f.ys
    cols = len(xs) - 1
    anchors = _cells(f)
    held: dict[int, list[Glyph]] = {}
    for g in glyphs:
        j = min(bisect_right(xs, (g.x0 + g.x1) / 2) - 1, cols - 1)
        i = min(bisect_right(ys, (g.top + g.bottom) / 2) - 1, len(ys) - 2)
        held.setdefault(anchors[i * cols + j], []).append(g)
    grid = [[""] * cols for _ in range(len(ys) - 1)]
    for k, gs in held.items():
        grid[k // cols][k % cols] = join_wrapped([_words(line) for line in lines_of(gs)])
    return grid


def page_lines(glyphs: Sequence[Glyph], rules: Sequence[Rule]) -> list[str]:
    """The page as text lines in reading order: its ruled tables as markdown grids, the rest as
    lines with wide gaps kept (see the module's docstring)."""
    frames = _frames(rules)
    inside: list[list[Glyph]] = [[] for _ in frames]
    outside: list[Glyph] = []
    for g in glyphs:
        x, y = (g.x0 + g.x1) / 2, (g.top + g.bottom) / 2
        for frame, held in zip(frames, inside, strict=True):
            if frame.holds(x, y):
                held.append(g)
                break
        else:
            outside.append(g)
    blocks = [(f.ys[0], markdown_lines(_grid(f, held))) for f, held in zip(frames, inside, strict=True)]
    if outside:
        left = min(g.x0 for g in outside)
        wide = [g.x1 - g.x0 for g in outside if not g.text.isascii()] or [g.bottom - g.top for g in outside]
        unit = median(wide) / 2  # a digit's width: a Chinese character takes two
        blocks += [(line[0].top, [_spaced(line, left, unit)]) for line in lines_of(outside)]
    return [text for _, block in sorted(blocks, key=lambda b: b[0]) for text in block]
