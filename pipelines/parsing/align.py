"""Rows of cell texts -> template cells.

The aligner walks the template's rows in order. For a labelled table it finds each row's
label among the cell texts (see `labels`), takes the numbers that follow the label in that row
or, when the row has none, in the label-less rows right after it (values printed under their
label), and fits them to the row's columns. The grid table (t4) is one run of numbers under a
header, fitted to proceedings x outcomes. Whatever cannot be found is kept as `missing` cells
with a warning: a report with gaps is still a report.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import NamedTuple

from pipelines.model import Cell, ParseWarning
from pipelines.model import LabelMatch as LabelMatchHow
from pipelines.parsing.labels import LabelMatch, is_header_word, label_core, match_label, starts_numbered
from pipelines.parsing.layouts import CellText, Row
from pipelines.parsing.values import CELL_CACHE, ValueStatus, parse_value
from pipelines.templates import ColumnSpec, RowSpec, TableSpec


@dataclass(slots=True)
class Aligned:
    """The cells of one table and what went wrong reading it."""

    cells: list[Cell] = field(default_factory=list)
    warnings: list[ParseWarning] = field(default_factory=list)
    found: bool = False
    # (table, row, col) of cells the reading itself doubts (their order was inferred, not seen)
    unsure: frozenset[tuple[str, str, str]] = frozenset()




class _Segment(NamedTuple):
    """A label cell and the value cells after it, up to the next label in the same row;
    `numeric` when any of those values is a number (not only blanks)."""

    label: CellText | None
    values: tuple[CellText, ...]
    numeric: bool


def _segments(row: Row) -> list[_Segment]:
    segs: list[_Segment] = []
    label: CellText | None = None
    values: list[CellText] = []
    numeric = False
    for cell in row:
        kind = cell.kind
        if kind == "text":
            if label is not None or values:
                segs.append(_Segment(label, tuple(values), numeric))
            label, values, numeric = cell, [], False
        else:
            values.append(cell)
            numeric = numeric or kind == "value"
    if label is not None or values:
        segs.append(_Segment(label, tuple(values), numeric))
    return segs


def _split_at_labels(rows: Sequence[Row]) -> tuple[list[Row], list[list[_Segment]]]:
    """For layouts without reliable row breaks: a new row starts at every text cell. Returns
    the rows and their segments (one each)."""
    segments = [s for row in rows for s in _segments(row)]
    return [(s.label, *s.values) if s.label else s.values for s in segments], [[s] for s in segments]


def _has_number(cells: Sequence[CellText]) -> bool:
    return "value" in [c.kind for c in cells]


def fit(values: Sequence[CellText], width: int) -> tuple[list[CellText | None], int]:
    """Fit a run of value cells to `width` columns: shed surplus blanks at the end (layout
    padding), then at the start (shifted columns), pad with None (missing) when short.
    Returns the surplus left."""
    cells = list(values)
    while len(cells) > width and not cells[-1].text.strip():
        cells.pop()
    while len(cells) > width and not cells[0].text.strip():
        cells.pop(0)
    surplus = max(0, len(cells) - width)
    fitted: list[CellText | None] = list(cells[:width])
    fitted.extend([None] * (width - len(fitted)))
    return fitted, surplus


_ValueFields = tuple[int | float | None, ValueStatus, str | None, str | None]


@lru_cache(maxsize=CELL_CACHE)  # cell texts recur in every report (measured: 1.75 -> 2.75 ms a report without)
def _fields(text: str, unit: str | None) -> _ValueFields:
    """(value, status, unit, note) of a value cell's text in a column of this unit."""
    v = parse_value(text, unit)
    assert v is not None  # value cells were classified as numbers or blanks
    return v.value, v.status, v.unit, v.note


def _cells_for(table: str, row: str, columns: Sequence[ColumnSpec], fitted: Sequence[CellText | None],
               label_line: int | None, how: LabelMatchHow, score: float) -> list[Cell]:
    out: list[Cell] = []
    for col, ct in zip(columns, fitted, strict=True):
        if ct is None:
            out.append(Cell(table, row, col.code, None, "missing", col.unit, None, None, label_line, how, score))
        else:
            value, status, unit, note = _fields(ct.text, col.unit)
            out.append(Cell(table, row, col.code, value, status, unit, ct.text, note, ct.line, how, score))
    return out


def _missing_row(spec: TableSpec, row: RowSpec) -> list[Cell]:
    return [Cell(spec.code, row.code or "", c.code, None, "missing", c.unit, label_match="none", label_score=0.0)
            for c in spec.columns_of(row)]


class Found(NamedTuple):  # a tuple, made in C: one per row found
    """A template row found in the text: its label, the value cells after it, and, where the
    layout keeps rows, the whole row the values stand in and where after the label they start."""

    match: LabelMatch
    label: CellText
    values: tuple[CellText, ...]
    grid_row: Row | None
    start: int


def align_labelled(spec: TableSpec, rows: Sequence[Row], rows_are_reliable: bool = True,
                   blanks_shown: bool = True) -> Aligned:
    """Align a table whose rows are found by their labels (t2, t3); see `Reader` for the flags."""
    if rows_are_reliable:
        segments = [_segments(row) for row in rows]
    else:
        rows, segments = _split_at_labels(rows)
    labelled = [any(s.label is not None for s in segs) for segs in segments]
    found: dict[str, Found] = {}
    position = 0
    for r, (row, segs) in enumerate(zip(rows, segments, strict=True)):
        col = 0
        for k, seg in enumerate(segs):
            label_col = col + (seg.label is not None) - 1
            col += (seg.label is not None) + len(seg.values)
            if seg.label is None or (not seg.numeric and is_header_word(spec, seg.label.text)):
                continue
            m = match_label(spec, seg.label.text, position)
            if m is None:
                continue
            position = m.index + 1
            if m.row.is_group:
                continue
            hit = Found(m, seg.label, seg.values, row if rows_are_reliable else None, label_col + 1)
            if not seg.numeric and k == len(segs) - 1:
                end = next((j for j in range(r + 1, len(rows)) if labelled[j]), len(rows))
                below = rows[r + 1:end]
                cells = tuple(c for b in below for c in b)
                if _has_number(cells):
                    one = below[0] if len(below) == 1 and rows_are_reliable else None
                    hit = Found(m, seg.label, cells, one, 0)
            found.setdefault(m.row.code or "", hit)
    columns = _value_columns(spec, found, _header_starts(spec, rows) if rows_are_reliable else {})
    return emit_labelled(spec, found, columns, blanks_shown)


def _header_starts(spec: TableSpec, rows: Sequence[Row]) -> dict[int, int]:
    """Where the value columns start in rows of each length, from the header rows' column labels
    (自然人, 本年制发件数...): a grid says where its columns are even when no row prints them all."""
    names = {label_core(v) for c in spec.all_columns for v in (c.label, *c.variants)}
    starts: dict[int, int] = {}
    for row in rows:
        if any(c.kind == "value" for c in row):
            continue
        at = [j for j, c in enumerate(row) if c.text and label_core(c.text) in names and not starts_numbered(c.text)]
        if at:
            starts[len(row)] = min(at[0], starts.get(len(row), at[0]))
    return starts


def _value_columns(spec: TableSpec, found: dict[str, Found],
                   header_starts: dict[int, int]) -> dict[tuple[int, int], int]:
    """Where values start in rows of each length and width (a row's number of columns: t2 mixes
    three-measure and one-measure rows), from rows whose values are all printed.

    Layouts that keep a grid (markdown blocks, HTML, Word, PDF) put a table's values in the same
    columns whatever column its label stands in; rows with every value printed show which, and
    rows with blanks are then read from those columns rather than guessed from their blanks.
    Where no row prints them all (a column left blank throughout), the header's column labels
    say where they start (`header_starts`).
    """
    votes: dict[tuple[int, int], Counter[int]] = {}
    for f in found.values():
        if f.grid_row is None:
            continue
        width = len(spec.columns_of(f.match.row))
        cells = f.grid_row
        first = f.start
        while first < len(cells) and not cells[first].text:  # readers strip cell texts
            first += 1
        if first + width > len(cells):
            continue
        run = cells[first:first + width]
        if [c.kind for c in run].count("value") == width:
            votes.setdefault((len(cells), width), Counter())[first] += 1
    columns = {n: c.most_common(1)[0][0] for n, c in votes.items()}
    for f in found.values():  # where no row voted, the header says
        if f.grid_row is not None and len(f.grid_row) in header_starts:
            columns.setdefault((len(f.grid_row), len(spec.columns_of(f.match.row))), header_starts[len(f.grid_row)])
    return columns


def _fitted(f: Found, width: int, columns: dict[tuple[int, int], int]) -> tuple[list[CellText | None], int]:
    if f.grid_row is not None:
        s = columns.get((len(f.grid_row), width))
        if s is not None and s >= f.start:
            run = list(f.grid_row[s:s + width])
            if "text" not in [c.kind for c in run]:
                return [*run, *[None] * (width - len(run))], 0
    return fit(f.values, width)


def _unplaced(values: Sequence[CellText], width: int) -> bool:
    """Fewer numbers than columns, and no blank placed among them: which are blank is unknown."""
    return 0 < len(values) < width and all(c.text for c in values)


def emit_labelled(spec: TableSpec, found: dict[str, Found], columns: dict[tuple[int, int], int],
                  blanks_shown: bool = True) -> Aligned:
    out = Aligned(found=bool(found))
    # A row that `divides_into` sub-rows is a heading over them, unless the report prints it
    # undivided with numbers of its own: then it is kept and its sub-rows are missing.
    undivided = {r.code for r in spec.data_rows
                 if r.divides_into and r.code in found and not any(s in found for s in r.divides_into)}
    left_out = {s for r in spec.data_rows if r.code in undivided for s in r.divides_into}
    for row in spec.data_rows:
        code = row.code or ""
        if row.divides_into and code not in undivided:
            continue
        if code in undivided:
            out.warnings.append(ParseWarning(
                "undivided_row", f"{spec.code}/{code} is printed as one row: its sub-rows are missing",
                found[code].label.line))
        if code in left_out:
            out.cells.extend(_missing_row(spec, row))
            continue
        if code not in found:
            out.cells.extend(_missing_row(spec, row))
            if out.found:
                out.warnings.append(ParseWarning("row_not_found", f"{spec.code}/{code} ({row.label}) not found"))
            continue
        f = found[code]
        m, label = f.match, f.label
        cols = spec.columns_of(row)
        if not blanks_shown and _unplaced(f.values, len(cols)):
            out.warnings.append(ParseWarning(
                "cells_unplaced", f"{spec.code}/{code}: {len(f.values)} numbers for {len(cols)} columns and "
                "nothing shows which are blank: the row is left missing", label.line))
            f = f._replace(values=(), grid_row=None)
        fitted, surplus = _fitted(f, len(cols), columns)
        if m.how == "fuzzy":
            out.warnings.append(ParseWarning(
                "fuzzy_label", f"{spec.code}/{code}: {label.text!r} read as {row.label!r} ({m.score})", label.line))
        if surplus:
            out.warnings.append(ParseWarning(
                "extra_cells", f"{spec.code}/{code}: {surplus} more value(s) than columns, ignored", label.line))
        if None in fitted:  # cells compare by identity: a fast scan
            n = fitted.count(None)
            out.warnings.append(ParseWarning(
                "missing_cells", f"{spec.code}/{code}: {n} cell(s) not printed", label.line))
        out.cells.extend(_cells_for(spec.code, code, cols, fitted, label.line, m.how, m.score))
    return out


def align_grid(spec: TableSpec, rows: Sequence[Row], blanks_shown: bool = True) -> Aligned:
    """Align the review/litigation table: the numbers under its header, in reading order. Where
    the layout prints nothing for a blank (`blanks_shown` False), a run short of the grid is left
    missing (`grid_unplaced`), never packed to the left."""
    below_header: list[CellText] = []
    after_last_label: list[CellText] = []
    header_seen = False
    for row in rows:
        segs = _segments(row)
        if any(s.label for s in segs):
            header_seen = True
            after_last_label = list(segs[-1].values) if segs[-1].label else []
        elif header_seen:
            below_header.extend(row)
    values = below_header if _has_number(below_header) else after_last_label
    if not blanks_shown and _unplaced(values, len(spec.rows) * len(spec.columns)):
        return grid_unplaced(spec, values)
    return grid_cells(spec, values)


def grid_unplaced(spec: TableSpec, values: Sequence[CellText]) -> Aligned:
    """A grid short of cells in a layout that prints nothing for a blank: which cells were blank
    is unknown (a blank adds up like the zero it stands for, wherever it stood), so the table is
    left missing with a warning, never shifted."""
    width = len(spec.rows) * len(spec.columns)
    out = Aligned(found=True, warnings=[ParseWarning(
        "cells_unplaced", f"{spec.code}: {len(values)} numbers for {width} cells and nothing shows which are "
        "blank: the table is left missing", values[0].line)])
    for row in spec.rows:
        out.cells.extend(_missing_row(spec, row))
    return out


def grid_cells(spec: TableSpec, values: Sequence[CellText]) -> Aligned:
    """The grid table's cells from its run of numbers, proceedings x outcomes in order."""
    width = len(spec.rows) * len(spec.columns)
    out = Aligned(found=_has_number(values))
    if not out.found:
        for row in spec.rows:
            out.cells.extend(_missing_row(spec, row))
        return out
    fitted, surplus = fit(values, width)
    if surplus:
        out.warnings.append(ParseWarning("extra_cells", f"{spec.code}: {surplus} more value(s) than cells, ignored",
                                         values[0].line))
    missing = fitted.count(None)
    if missing:
        out.warnings.append(ParseWarning("missing_cells", f"{spec.code}: {missing} cell(s) not printed",
                                         values[-1].line))
    n = len(spec.columns)
    for i, row in enumerate(spec.rows):
        out.cells.extend(_cells_for(spec.code, row.code or "", spec.columns, fitted[i * n:(i + 1) * n],
                                    values[0].line, "position", 100.0))
    return out
