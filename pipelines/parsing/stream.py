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
A run shorter than its row's columns has lost its blank cells: where the text keeps positions
(`-layout`) they are placed under the columns of the nearest full run on the same page and under
the same header, else under the header's column labels; otherwise the row's cells are left
missing, never guessed (no arithmetic can tell which cell was blank: a blank adds up
like the zero it stands for).
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from functools import cache

import regex

from pipelines.invariants import evaluate
from pipelines.model import ParseWarning
from pipelines.parsing.align import Aligned, Found, align_grid, emit_labelled, grid_cells
from pipelines.parsing.labels import LabelMatch, is_header_word, label_core, match_label, starts_numbered
from pipelines.parsing.layouts import CellText, Lines, Row, cell
from pipelines.parsing.layouts.pipes import is_markdown_rule
from pipelines.parsing.layouts.positions import Span, display_width, placement
from pipelines.parsing.values import classify
from pipelines.templates import TableSpec

_TOKEN = regex.compile(r"[^\s|]+")
# How many label fragments before a run, and after it, a row's label may be made of.
MAX_BEFORE = 6
MAX_AFTER = 5


@dataclass(frozen=True, slots=True)
class Token:
    """A run of non-space characters: its cell text, where it stands on its line in characters
    (the unit of `pdftotext -layout`), how many spaces stand before it (-1 first on its line),
    and the line, to measure it in display columns (a Chinese character two wide, the unit of a
    fixed-width font) when asked: only a row with blanks to place ever asks."""

    cell: CellText
    span: Span
    gap: int
    line: str

    def at(self, wide: bool) -> Span:
        if not wide:
            return self.span
        start = display_width(self.line[: int(self.span[0])])
        return start, start + display_width(self.line[int(self.span[0]):int(self.span[1])])


def tokens(lines: Lines) -> list[Token]:
    """Every token of the region, in reading order (pipes and tabs count as spaces, markdown's
    |---| rules are no cells)."""
    out: list[Token] = []
    for n, text in lines:
        if is_markdown_rule(text):
            continue
        line = text.replace("\t", "    ")
        pos = 0
        for k, m in enumerate(_TOKEN.finditer(line)):
            out.append(Token(cell(m.group(0), n), (m.start(), m.end()), m.start() - pos if k else -1, line))
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
    """The best-matching label made of the last fragments before a run and, where the label
    wraps past its numbers, the first ones after it: (match, the label as one cell, how many
    fragments after the run it took). Numbers stand after the start of their label, so a label
    starts after them only where nothing at all precedes them."""
    best: tuple[tuple, LabelMatch, CellText, int] | None = None
    # a wrapped label's tail never starts with a row number (that is the next row's label); a
    # heading printed vertically beside the rows may stand inside it, and is stepped over
    tail = next((j for j, f in enumerate(after) if starts_numbered(f.text) and not _in_heading(spec, after, j)),
                len(after))
    # the last few fragments, and all from the last one that starts with a row number (a label
    # wrapped a few characters to a line runs over many)
    ks = set(range(0 if not before else 1, min(len(before), MAX_BEFORE) + 1))
    ks |= {len(before) - j for j in range(len(before)) if starts_numbered(before[j].text)
           and not _in_heading(spec, before, j)}
    for k in sorted(ks):
        for m in range(min(tail, MAX_AFTER) + 1):
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
    kept = [parts[0], *(p for j, p in enumerate(parts) if j and not _in_heading(spec, parts, j))]
    return [whole] if len(kept) == len(parts) else [whole, "".join(p.text for p in kept)]


@cache  # once per table of the form: asked for every table the stream reads
def _heading_cores(spec: TableSpec) -> tuple[str, ...]:
    """Cores of the rows that head others (groups, and rows printed divided into sub-rows)."""
    return tuple(label_core(w) for r in spec.rows if r.is_group or r.divides_into for w in (r.label, *r.variants))


def _heading_piece(spec: TableSpec, text: str) -> bool:
    core = label_core(text)
    return bool(core) and any(core in h for h in _heading_cores(spec))


def _in_heading(spec: TableSpec, parts: Sequence[CellText], j: int) -> bool:
    """Whether fragment j is a piece of a heading: its own words, or its row number (`(三)`, or
    `(三` cut from `)不予公开`) whose words follow it."""
    if _heading_piece(spec, parts[j].text):
        return True
    if j + 1 == len(parts):
        return False
    joined = parts[j].text + parts[j + 1].text  # `(三` + `)不予公开`: the number adds nothing to the words
    return _heading_piece(spec, joined) and label_core(joined) == label_core(parts[j + 1].text)


@dataclass(frozen=True, slots=True)
class _Headers:
    """Where the table's column labels stand: (line, column code, token) in reading order; and
    the lines of words only (header lines), with their phrases."""

    found: tuple[tuple[int, str, Token], ...]
    word_lines: tuple[tuple[int, tuple[Token, ...]], ...]

    @classmethod
    def of(cls, spec: TableSpec, toks: Sequence[Token]) -> _Headers:
        names = {label_core(v): c.code for c in spec.all_columns for v in (c.label, *c.variants)}
        found = []
        phrases = _phrases(toks)
        with_numbers = {t.cell.line for t in toks if t.cell.kind != "text"}
        by_line: dict[int, list[Token]] = {}
        for t in phrases:
            if t.cell.line not in with_numbers:
                by_line.setdefault(t.cell.line, []).append(t)
        for t in phrases:
            core = label_core(t.cell.text)
            if starts_numbered(t.cell.text):  # a numbered label (`3.其他`) is a row's
                continue
            # a header wrapped inside its cell (`社会公益组` / `织`) is known by its first line
            begun = {c for name, c in names.items() if len(core) >= 2 and name.startswith(core)}
            code = names.get(core) or _only(begun)
            if code is not None:
                found.append((t.cell.line, code, t))
        return cls(tuple(found), tuple((n, tuple(ts)) for n, ts in by_line.items()))

    def lines(self) -> set[int]:
        return {line for line, _, _ in self.found}

    def columns_above(self, line: int, codes: Sequence[str], wide: bool) -> list[Span] | None:
        """The spans of these columns' labels in the nearest header above the line."""
        spans: dict[str, Span] = {}
        for at, code, t in reversed(self.found):
            if at >= line:
                continue
            if code in codes and code not in spans:
                spans[code] = t.at(wide)
            if len(spans) == len(codes):
                return [spans[c] for c in codes]
        # labels that do not say which column they head (a typo, `本年新` twice) still say where:
        # the nearest line of words above with a label cell and a cell per column
        for at, phrases in reversed(self.word_lines):
            if at < line and len(phrases) >= len(codes) + 1:
                return [t.at(wide) for t in phrases[-len(codes):]]
        return None


def _only(codes: set[str]) -> str | None:
    return next(iter(codes)) if len(codes) == 1 else None


def _phrases(toks: Sequence[Token]) -> list[Token]:
    """The text tokens with those one space apart on a line joined (a header cell wrapped inside
    its cell, `本年废止 件数`: in text that keeps positions, cells are two spaces apart or more)."""
    out: list[Token] = []
    for t in toks:
        if t.cell.kind != "text":
            continue
        prev = out[-1] if out else None
        if prev is not None and prev.cell.line == t.cell.line and t.gap == 1 and prev.span[1] + 1 == t.span[0]:
            out[-1] = Token(cell(prev.cell.text + t.cell.text, t.cell.line), (prev.span[0], t.span[1]), prev.gap,
                            prev.line)
        else:
            out.append(t)
    return out


def _reference(runs: Sequence[_Run], i: int, codes: Sequence[str], headers: _Headers, bounds: set[int],
               wide: bool) -> list[Span] | None:
    """Where the columns of run i's row stand: the nearest full run with no header line or page
    break between them (a page or a sub-table has columns of its own), else the header above."""
    line = runs[i].values[0].cell.line
    full = [r for r in runs if len(r.values) == len(codes) and r.spaced
            and not any(min(line, r.values[0].cell.line) < b < max(line, r.values[0].cell.line) for b in bounds)]
    if full:
        ref = min(full, key=lambda r: abs(r.values[0].cell.line - line))
        return [t.at(wide) for t in ref.values]
    return headers.columns_above(line, codes, wide)


def _placed(runs: Sequence[_Run], i: int, codes: Sequence[str], headers: _Headers,
            bounds: set[int]) -> list[CellText] | None:
    """Run i's cells under its row's columns, blanks between, measuring positions in characters
    (`pdftotext -layout`) or in display columns (a fixed-width font), whichever puts them nearer
    their reference; None when neither places them."""
    fits = []
    for wide in (False, True):
        ref = _reference(runs, i, codes, headers, bounds, wide)
        fit = placement([(t.at(wide), t.cell) for t in runs[i].values], ref) if ref is not None else None
        if fit is not None:
            fits.append(fit)
    return min(fits, key=lambda f: f[0])[1] if fits else None


def align_stream(spec: TableSpec, lines: Lines, page_breaks: Collection[int] = ()) -> Aligned:
    """Read a labelled table (t2, t3) from its region as a stream of fragments and runs
    (`page_breaks`: lines where a page ended; columns are never compared across one)."""
    toks = tokens(lines)
    head, runs = _runs(toks)
    headers = _Headers.of(spec, toks)
    bounds = headers.lines() | set(page_breaks)
    found: dict[str, Found] = {}
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
        codes = [c.code for c in spec.columns_of(match.row)]
        width = len(codes)
        values: list[CellText] = [t.cell for t in run.values]
        if len(values) < width and run.spaced:  # a row short of cells: its blanks placed where positions show
            values = _placed(runs, i, codes, headers, bounds) or values
        found.setdefault(code, Found(match, label, tuple(values), None, 0))
    # the stream shows no blank but where it placed one: a row still short is left missing
    return emit_labelled(spec, found, {}, blanks_shown=False)


def align_stream_grid(spec: TableSpec, lines: Lines) -> Aligned:
    """Read the grid table (t4) from its region's tokens, line by line: its numbers under the
    header in reading order, whatever spaces part them, with the words some print after a
    number (`1 驳回`) kept as its note."""
    rows: dict[int, list[CellText]] = {}
    last: CellText | None = None  # the latest number, once the numbers have begun
    for t in tokens(lines):
        if last is not None and t.cell.kind == "text" and classify(f"{last.text} {t.cell.text}") == "value":
            # words after a number (`1 驳回`), parted from it by the extractor: its note
            row = rows[last.line]
            row[row.index(last)] = last = cell(f"{last.text} {t.cell.text}", last.line)
            continue
        rows.setdefault(t.cell.line, []).append(t.cell)
        if t.cell.kind == "value":
            last = t.cell
    grid = [tuple(r) for r in rows.values()]
    numbers = [r for r in grid if r and all(c.kind != "text" for c in r)]
    if len(numbers) < 2:
        return align_grid(spec, grid, blanks_shown=False)
    return _grid_in_some_order(spec, grid, numbers)


def _grid_in_some_order(spec: TableSpec, grid: Sequence[Row], numbers: Sequence[Row]) -> Aligned:
    """The grid's numbers came on several lines: their order is the extractor's guess (a cell of
    two lines, `20` over `撤诉`, printed above its row). The numbers of the shorter line are tried
    at every place in the longer one; an order is kept when it is the only one under which every
    total of the table holds. Otherwise the order read is kept, each cell doubted by the reading
    itself (a failed rule on them is then never blamed on the agency)."""
    width = len(spec.rows) * len(spec.columns)
    main = max(numbers, key=len)
    rest = [r for r in numbers if r is not main]
    if len(rest) == 1 and len(main) + len(rest[0]) == width:
        orders = [(*main[:k], *rest[0], *main[k:]) for k in range(len(main) + 1)]
        held = {tuple(c.text for c in o): o for o in orders if _totals_hold(grid_cells(spec, o))}
        if len(held) == 1:
            return grid_cells(spec, next(iter(held.values())))
    out = align_grid(spec, grid, blanks_shown=False)
    out.warnings.append(ParseWarning("order_uncertain", f"{spec.code}: its numbers came on {len(numbers)} lines, "
                                     "in an order nothing confirms", main[0].line))
    out.unsure = frozenset((c.table, c.row, c.col) for c in out.cells)
    return out


def _totals_hold(aligned: Aligned) -> bool:
    """Whether every rule over these cells holds (and there is at least one)."""
    outcomes = evaluate(aligned.cells)
    return bool(outcomes) and all(o.status == "pass" for o in outcomes)
