"""Reading a table as a stream: label fragments and runs of numbers, in reading order.

Text extracted from a PDF (`pdftotext -layout` or `-raw`, pdfplumber's or PDFium's
`extract_text`, a copy out of a viewer) keeps a table's words and numbers in reading order but
not its grid: a label wraps over lines with its numbers on the middle one, a vertical label
stands one character per line between the rows, a page number sits inside the table, and `-raw`
separates a row's cells by single spaces with no positions at all. Order survives all of it:
each row's numbers follow (or stand inside) its label.

So this reading cuts the region into tokens, groups consecutive number tokens into runs, and
names each run by the label fragments around it (the last few before it, and the first few
after it when the label wraps past its numbers) that best match the next rows of the form.
A run shorter than its row's columns has lost its blank cells: they are placed by the columns
of the nearest full run where the text keeps positions (`-layout`); otherwise the row's cells
are left missing, never guessed (no arithmetic can tell which cell was blank: a blank adds up
like the zero it stands for).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

import regex

from pipelines.model import ParseWarning
from pipelines.parsing.align import Aligned, Found, align_grid, emit_labelled
from pipelines.parsing.labels import LabelMatch, is_header_word, label_core, match_label
from pipelines.parsing.layouts import CellText, Lines, cell
from pipelines.parsing.layouts.pipes import is_markdown_rule
from pipelines.parsing.layouts.positions import place
from pipelines.templates import TableSpec

_TOKEN = regex.compile(r"[^\s|]+")
_WIDE = regex.compile(r"[\p{East_Asian_Width=Wide}\p{East_Asian_Width=Fullwidth}]")
# How many label fragments before a run, and after it, a row's label may be made of.
MAX_BEFORE = 6
MAX_AFTER = 3


@dataclass(frozen=True, slots=True)
class Token:
    """A run of non-space characters: its cell text, where it starts (display columns, a
    Chinese character counting two) and how many spaces stand before it on its line."""

    cell: CellText
    col: int
    width: int
    gap: int

    @property
    def center(self) -> float:
        return self.col + self.width / 2


def _width(s: str) -> int:
    return len(s) + len(_WIDE.findall(s))


def tokens(lines: Lines) -> list[Token]:
    """Every token of the region, in reading order (pipes and tabs count as spaces, markdown's
    |---| rules are no cells)."""
    out: list[Token] = []
    for n, text in lines:
        if is_markdown_rule(text):
            continue
        line = text.replace("\t", "    ")
        col = pos = 0
        for k, m in enumerate(_TOKEN.finditer(line)):
            gap = _width(line[pos:m.start()])
            col += gap
            w = _width(m.group(0))
            out.append(Token(cell(m.group(0), n), col, w, gap if k else -1))
            col += w
            pos = m.end()
    return out


@dataclass(frozen=True, slots=True)
class _Run:
    """Consecutive number (or printed-blank) tokens, and the label fragments after it up to the
    next run."""

    values: tuple[Token, ...]
    after: tuple[CellText, ...]

    @property
    def spaced(self) -> bool:
        """On one line, its cells parted by two spaces or more: the text keeps their positions."""
        vs = self.values
        return len({t.cell.line for t in vs}) == 1 and all(t.gap >= 2 for t in vs[1:])


def _runs(toks: Sequence[Token]) -> tuple[tuple[CellText, ...], list[_Run]]:
    """The fragments before the first run, and the runs with the fragments after each."""
    head: list[CellText] = []
    runs: list[tuple[list[Token], list[CellText]]] = []
    values: list[Token] = []
    for t in toks:
        if t.cell.kind != "text":
            values.append(t)
            continue
        if values:
            runs.append((values, []))
            values = []
        (runs[-1][1] if runs else head).append(t.cell)
    if values:
        runs.append((values, []))
    return tuple(head), [_Run(tuple(v), tuple(a)) for v, a in runs]


def _label_of(spec: TableSpec, before: Sequence[CellText], after: Sequence[CellText],
              position: int) -> tuple[LabelMatch, CellText, int] | None:
    """The best-matching label made of the last fragments before a run and the first ones
    after it: (match, the label as one cell, how many fragments after the run it took)."""
    best: tuple[tuple, LabelMatch, CellText, int] | None = None
    for k in range(min(len(before), MAX_BEFORE) + 1):
        for m in range(min(len(after), MAX_AFTER) + 1):
            if k + m == 0:
                continue
            parts = [*before[len(before) - k:], *after[:m]]
            if k + m == 1 and is_header_word(spec, parts[0].text):
                continue
            for text in _texts(spec, parts):
                match = match_label(spec, text, position)
                if match is None or match.row.is_group:
                    continue
                # the surest match, then the nearest row, then a label that starts before its numbers
                rank = (-match.score, match.index, k == 0, k + m)
                if best is None or rank < best[0]:
                    best = (rank, match, cell(text, parts[0].line), m)
    return None if best is None else best[1:]


def _texts(spec: TableSpec, parts: Sequence[CellText]) -> list[str]:
    """The label the fragments make, and the same without the pieces of a heading printed
    vertically beside the rows (`(六)其` / `他处理` stands between the lines of a wrapped label)."""
    whole = "".join(p.text for p in parts)
    kept = [parts[0], *(p for p in parts[1:] if not _heading_piece(spec, p.text))]
    return [whole] if len(kept) == len(parts) else [whole, "".join(p.text for p in kept)]


@cache
def _heading_cores(spec: TableSpec) -> tuple[str, ...]:
    """Cores of the rows that head others (groups, and rows printed divided into sub-rows)."""
    return tuple(label_core(r.label) for r in spec.rows if r.is_group or r.divides_into)


def _heading_piece(spec: TableSpec, text: str) -> bool:
    core = label_core(text)
    return bool(core) and any(core in h for h in _heading_cores(spec))


def _nearest_full(runs: Sequence[_Run], i: int, width: int) -> _Run | None:
    """The spaced run nearest to run i (by line) that prints every column of a row this wide."""
    line = runs[i].values[0].cell.line
    full = [r for r in runs if len(r.values) == width and r.spaced]
    return min(full, key=lambda r: abs(r.values[0].cell.line - line), default=None)


def _by_position(run: _Run, ref: _Run) -> list[CellText] | None:
    return place([(t.center, t.cell) for t in run.values], [t.center for t in ref.values])


def align_stream(spec: TableSpec, lines: Lines) -> Aligned:
    """Read a labelled table (t2, t3) from its region as a stream of fragments and runs."""
    head, runs = _runs(tokens(lines))
    found: dict[str, Found] = {}
    warnings: list[ParseWarning] = []
    position = 0
    taken_after = 0  # fragments after the previous run that its label took
    before: Sequence[CellText] = head
    for i, run in enumerate(runs):
        hit = _label_of(spec, before[taken_after:], run.after, position)
        before, taken_after = run.after, 0
        if hit is None:
            continue
        match, label, took = hit
        taken_after = took
        position = match.index + 1
        code = match.row.code or ""
        width = len(spec.columns_of(match.row))
        values: list[CellText] = [t.cell for t in run.values]
        if len(values) < width:
            ref = _nearest_full(runs, i, width) if run.spaced else None
            placed = _by_position(run, ref) if ref is not None else None
            if placed is None:
                warnings.append(ParseWarning(
                    "cells_unplaced", f"{spec.code}/{code}: {len(values)} numbers for {width} columns and "
                    "nothing shows which are blank: the row is left missing", label.line))
                values = []
            else:
                values = placed
        found.setdefault(code, Found(match, label, tuple(values), None, 0))
    out = emit_labelled(spec, found, {})
    out.warnings[:0] = warnings
    return out


def align_stream_grid(spec: TableSpec, lines: Lines) -> Aligned:
    """Read the grid table (t4) from its region's tokens, line by line: its numbers under the
    header in reading order, whatever spaces part them."""
    rows: dict[int, list[CellText]] = {}
    for t in tokens(lines):
        rows.setdefault(t.cell.line, []).append(t.cell)
    return align_grid(spec, [tuple(r) for r in rows.values()])
