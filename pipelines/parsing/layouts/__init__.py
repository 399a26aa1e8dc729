"""Layout readers: each turns a region of text lines into rows of cell texts.

Reports are tables copied into text in many ways. Each reader knows one way and returns the
same thing, rows of `CellText` with blanks kept where the layout shows them, so that one
aligner (`pipelines.parsing.align`) serves them all. A new layout is a new reader module
registered in `READERS`, nothing else.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple, TypeVar

from pipelines.parsing.values import CellKind, classify


class CellText(NamedTuple):  # a tuple: made by the hundred per report, all in C
    """The text of one cell as printed (stripped of spaces), its 1-based line in the cleaned
    source, and whether it is a number, a blank or a label (`kind`, asked of every cell many
    times: read once)."""

    text: str
    line: int
    kind: CellKind


def cell(text: str, line: int) -> CellText:
    """A cell as readers make it: classified once, here."""
    return CellText(text, line, classify(text))


def cells(texts: Iterable[str], line: int) -> list[CellText]:
    """The cells of one line, their texts stripped (one call per line: readers make hundreds)."""
    return [CellText(t, line, classify(t)) for t in map(str.strip, texts)]


Row = tuple[CellText, ...]
Lines = tuple[tuple[int, str], ...]  # (line number, text)
T = TypeVar("T")


class Region:
    """A table's lines, and what several readers ask of them, worked out once per region."""

    __slots__ = ("_shared", "lines")

    def __init__(self, lines: Lines) -> None:
        self.lines = lines
        self._shared: dict[Callable, Any] = {}

    def shared(self, fact: Callable[[Region], T]) -> T:
        """`fact(region)`, computed by the first reader that asks and kept for the others (a
        fact may build on another, asked through the region)."""
        if fact not in self._shared:
            self._shared[fact] = fact(self)
        return self._shared[fact]


@dataclass(frozen=True, slots=True)
class Reader:
    """A layout: `claims` counts the lines it recognises, `read` turns lines into rows.

    `rows_are_reliable` is False where the layout does not show row breaks (one cell per
    line): the aligner then starts a row at every label. `blanks_shown` is False where a blank
    cell prints nothing at all (whitespace-aligned columns place blanks only by position, bare
    lines not at all): a row with fewer numbers than columns and no blank placed is then unknown,
    and left missing rather than packed to the left.
    """

    name: str
    claims: Callable[[Region], int]
    read: Callable[[Region], list[Row]]
    rows_are_reliable: bool = True
    blanks_shown: bool = True


def _readers() -> tuple[Reader, ...]:
    from pipelines.parsing.layouts import aligned, bare_lines, cell_per_line, inline_pipes, markdown, tabbed

    return (markdown.READER, cell_per_line.READER, inline_pipes.READER, tabbed.READER, aligned.READER,
            bare_lines.READER)


def _marks(region: Region) -> tuple[int, int]:
    """(lines holding a pipe, lines starting with a tab)."""
    pipes = tabs = 0
    for _, s in region.lines:
        if "|" in s:
            pipes += 1
        if s.startswith(("\t", " \t")):
            tabs += 1
    return pipes, tabs


def claimed_by_grid(region: Region) -> str | None:
    """`pipes` or `tabs` when they mark most of the region's lines: the text keeps its grid."""
    pipes, tabs = region.shared(_marks)
    if pipes > 2 * tabs and pipes >= 8:
        return "pipes"
    if tabs > 2 * pipes and tabs >= 8:
        return "tabs"
    return None


def candidates(region: Region) -> tuple[Reader, ...]:
    """The readers worth asking: when pipes or tabs mark most table lines, only their readers."""
    readers = _readers()
    grid = claimed_by_grid(region)
    if grid == "pipes":
        return tuple(r for r in readers if r.name in PIPE_READERS)
    if grid == "tabs":
        return tuple(r for r in readers if r.name == "tabbed")
    return readers


PIPE_READERS = frozenset({"markdown", "cell_per_line", "inline_pipes"})


def read_region(lines: Sequence[tuple[int, str]]) -> tuple[Reader | None, list[Row]]:
    """Pick the reader that recognises most of the region's lines and read it."""
    region = Region(tuple(lines))
    best: tuple[int, Reader | None] = (0, None)
    for reader in candidates(region):
        n = reader.claims(region)
        if n > best[0]:
            best = (n, reader)
    chosen = best[1]
    if chosen is None:
        return None, []
    return chosen, chosen.read(region)
