"""Every way a table can be read, and the evidence that picks one.

A table copied out of a PDF or a web page can often be read more than one way: by the layout
reader that claims most of its lines, by another that claims some, as a stream of labels and
numbers (`stream`), with or without a column some reports add (法人或其他组织 小计). The
reading the layout suggests is kept when it is whole and consistent: every row found, every
cell placed, no label guessed, and the table's own arithmetic holds. Otherwise every reading is
made and the evidence decides (`_Candidate.evidence`): a reading that finds the table beats one
that does not, then more rules held than failed, fewer cells left missing, more numbers read,
fewer fuzzy labels.

What was read how is recorded per table (`TableReading`), with its confidence. A rule that
fails in the kept reading but holds in another makes the cells the two read differently
*disputed*, as are cells the kept reading itself doubts (numbers whose order it inferred): a
failure touching them is `extraction_suspect`, never blamed on the agency.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass
from functools import partial
from typing import NamedTuple

from pipelines.invariants import Outcome, evaluate, scope_cells
from pipelines.model import Confidence, TableReading
from pipelines.parsing.align import Aligned, align_grid, align_labelled
from pipelines.parsing.labels import label_core
from pipelines.parsing.layouts import Lines, Reader, Region, candidates, claimed_by_grid
from pipelines.parsing.stream import align_stream, align_stream_grid
from pipelines.templates import TableSpec

# Warnings that say a reading is not whole: a reading with none of them is read with full confidence.
DOUBTS = frozenset({"row_not_found", "missing_cells", "extra_cells", "fuzzy_label", "cells_unplaced",
                    "order_uncertain"})


@dataclass(frozen=True, slots=True)
class _Candidate:
    name: str
    spec: TableSpec
    aligned: Aligned
    outcomes: tuple[Outcome, ...]

    @property
    def fails(self) -> int:
        return sum(o.status == "fail" for o in self.outcomes)

    @property
    def whole(self) -> bool:
        return self.aligned.found and not any(w.code in DOUBTS for w in self.aligned.warnings)

    def evidence(self, order: int) -> tuple:
        """Smaller is better: found; more rules held than failed (a reading whose rules cannot be
        judged never beats one that reads the numbers); fewer cells missing; more numbers read;
        fewer fuzzy labels; then the reader that claimed the region first."""
        cells = self.aligned.cells
        held = sum(o.status == "pass" for o in self.outcomes)
        return (not self.aligned.found, self.fails - held, sum(c.status == "missing" for c in cells),
                -sum(c.status == "ok" for c in cells), sum(c.label_match == "fuzzy" for c in cells), order)


def _candidate(name: str, spec: TableSpec, aligned: Aligned) -> _Candidate:
    return _Candidate(name, spec, aligned, tuple(evaluate(aligned.cells)))


def _by_reader(reader: Reader, spec: TableSpec, region: Region) -> Aligned:
    rows = reader.read(region)
    if spec.kind == "grid":
        return align_grid(spec, rows, reader.blanks_shown)
    return align_labelled(spec, rows, reader.rows_are_reliable, reader.blanks_shown)


def _reader_candidate(reader: Reader, spec: TableSpec, region: Region) -> _Candidate:
    return _candidate(reader.name, spec, _by_reader(reader, spec, region))


def _variants(spec: TableSpec, lines: Lines) -> list[TableSpec]:
    """The table as the form prints it, and with each optional column whose label the region
    prints (小计): the variant first, since a header that prints it is most likely its own."""
    if not spec.optional_columns:
        return [spec]
    text = "".join(line for _, line in lines).replace(" ", "")
    present = tuple(c.code for c in spec.optional_columns if label_core(c.label) in text)
    return [spec.with_optional(present), spec] if present else [spec]


class Read(NamedTuple):
    """One table as read: its cells and warnings, how it was read, and its rules' outcomes (the
    evidence, kept so that the report's arithmetic is evaluated once)."""

    aligned: Aligned
    reading: TableReading
    outcomes: tuple[Outcome, ...]


def _ways(spec: TableSpec, claiming: list[Reader], region: Region, page_breaks: Collection[int]
          ) -> list[Callable[[], _Candidate]]:
    """The readings of one column variant, to be made on demand: each reader that claims lines
    (the one claiming most first), then the stream where the text keeps no grid of its own."""
    ways: list[Callable[[], _Candidate]] = [partial(_reader_candidate, r, spec, region) for r in claiming]
    if not claimed_by_grid(region):
        lines = region.lines
        if spec.kind == "grid":
            ways.append(lambda: _candidate("stream", spec, align_stream_grid(spec, lines)))
        else:
            ways.append(lambda: _candidate("stream", spec, align_stream(spec, lines, page_breaks)))
    return ways


def read_table(spec: TableSpec, lines: Lines, page_breaks: Collection[int] = ()) -> Read:
    """Read one table from its region (`page_breaks`: lines where a page ended), keeping the
    reading the evidence favours."""
    region = Region(lines)
    claims = sorted(((r.claims(region), k, r) for k, r in enumerate(candidates(region))), key=lambda x: (-x[0], x[1]))
    claiming = [r for n, _, r in claims if n > 0]
    ways = [_ways(s, claiming, region, page_breaks) for s in _variants(spec, lines)]
    tried: list[_Candidate] = []
    if claiming:  # the layout's own reading of each variant first: one whole and consistent is kept
        for variant in ways:
            tried.append(variant.pop(0)())
            kept = tried[-1]
            if kept.whole and not kept.fails:
                return Read(kept.aligned, TableReading(spec.code, kept.name, "full", len(tried),
                                                       optional_columns=_optional(kept)), kept.outcomes)
    tried += [make() for variant in ways for make in variant]
    if not tried:
        nothing = align_labelled(spec, []) if spec.kind != "grid" else align_grid(spec, [])
        return Read(nothing, TableReading(spec.code, None, "none", 0), tuple(evaluate(nothing.cells)))
    order = {id(c): k for k, c in enumerate(tried)}
    best = min(tried, key=lambda c: c.evidence(order[id(c)]))
    disputed = _disputed(best, tried) | best.aligned.unsure
    confidence: Confidence = "none" if not best.aligned.found else "full" if best.whole and not disputed else "partial"
    outcomes = tuple(evaluate(best.aligned.cells, disputed)) if disputed else best.outcomes
    reading = TableReading(spec.code, best.name, confidence, len(tried),
                           tuple(sorted(f"{r}/{c}" for _, r, c in disputed)), _optional(best))
    return Read(best.aligned, reading, outcomes)


def _optional(c: _Candidate) -> tuple[str, ...]:
    return tuple(col.code for col in c.spec.optional_columns_present)


def _disputed(best: _Candidate, others: list[_Candidate]) -> frozenset[tuple[str, str, str]]:
    """Cells of the kept reading under a failed rule that another reading satisfies, where
    that reading gives them another value."""
    failed = [(o.rule_id, o.scope) for o in best.outcomes if o.status == "fail"]
    if not failed:
        return frozenset()
    mine = {c.key: c.value for c in best.aligned.cells}
    out: set[tuple[str, str, str]] = set()
    for other in others:
        if other is best or not other.aligned.found:
            continue
        held = {(o.rule_id, o.scope) for o in other.outcomes if o.status == "pass"}
        theirs = {c.key: c.value for c in other.aligned.cells}
        for rule, scope in failed:
            if (rule, scope) in held:
                out |= {k for k in scope_cells(rule, scope) if k in mine and theirs.get(k) != mine[k]}
    return frozenset(out)
