"""Score the parser on a generated corpus: cells and metadata per layout and per noise kind.

Shared by `bench/accuracy.py` (2,000 reports, prints the tables) and the test that guards the
same bars on a small corpus in CI.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from pipelines.model import TABLES, NotAReportError
from pipelines.parsing import parse_bytes
from pipelines.synth.corpus import Generated
from pipelines.templates import prose_rule, rules

FIELDS = ("agency", "report_year", "published_on", "template")


def _same(a: object, b: object) -> bool:
    if a is None or b is None:
        return a is None and b is None
    if isinstance(a, str) or isinstance(b, str):
        return a == b
    return math.isclose(float(a), float(b), rel_tol=1e-9, abs_tol=1e-9)  # type: ignore[arg-type]


def cell_diff(got: dict, want: dict) -> list[str]:
    """The cells (table/row/col) whose value differs from the truth."""
    return [f"{t}/{r}/{c}" for t in TABLES for r, cols in want[t].items() for c, v in cols.items()
            if not _same((got.get(t) or {}).get(r, {}).get(c, "<absent>"), v)]


@dataclass
class Tally:
    reports: int = 0
    cells: int = 0
    cells_right: int = 0
    fields: int = 0
    fields_right: int = 0
    reports_right: int = 0
    exceptions: int = 0

    @property
    def cell_accuracy(self) -> float:
        return self.cells_right / self.cells if self.cells else 1.0

    @property
    def field_accuracy(self) -> float:
        return self.fields_right / self.fields if self.fields else 1.0


@dataclass
class Outcome:
    """What parsing a corpus gave: tallies by layout, noise and field, and the wrong cells."""

    by_layout: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    by_noise: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    by_field: dict[str, list[int]] = field(default_factory=lambda: defaultdict(lambda: [0, 0]))
    wrong: dict[str, list[str]] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)
    docs: dict[str, dict] = field(default_factory=dict)

    @property
    def overall(self) -> Tally:
        t = Tally()
        for x in self.by_layout.values():
            for k in vars(t):
                setattr(t, k, getattr(t, k) + getattr(x, k))
        return t


def score(corpus: Iterable[Generated]) -> Outcome:
    """Parse every generated report and compare it with its truth."""
    out = Outcome()
    for g in corpus:
        truth = g.truth
        try:
            doc = parse_bytes(g.data, g.name).to_json()
            error = None
        except NotAReportError as exc:
            doc, error = {}, f"refused: {exc}"
        except Exception as exc:  # the benchmark counts crashes instead of stopping
            doc, error = {}, f"{type(exc).__name__}: {exc}"
        n_cells = sum(len(cols) for t in TABLES for cols in truth[t].values())
        wrong = cell_diff(doc, truth) if doc else ["<all>"]
        n_wrong = n_cells if not doc else len(wrong)
        fields_right = [f for f in FIELDS if doc and _same(doc.get(f), truth.get(f))]
        for f in FIELDS:
            out.by_field[f][0] += f in fields_right
            out.by_field[f][1] += 1
        for tally in (out.by_layout[truth["layout"]], *(out.by_noise[n] for n in truth["noise"] or ["(none)"])):
            tally.reports += 1
            tally.cells += n_cells
            tally.cells_right += n_cells - n_wrong
            tally.fields += len(FIELDS)
            tally.fields_right += len(fields_right)
            tally.reports_right += not wrong and len(fields_right) == len(FIELDS)
            tally.exceptions += error is not None
        if wrong or len(fields_right) < len(FIELDS):
            out.wrong[g.name] = wrong + [f"field:{f}" for f in FIELDS if f not in fields_right]
        if error:
            out.errors[g.name] = error
        out.docs[g.name] = doc
    return out


def table(rows: dict[str, Tally], title: str) -> str:
    """Reports fully right first (what a user of one report sees), then cells and metadata."""
    lines = [f"| {title} | reports | fully right | share fully right | cells | cell accuracy | metadata accuracy "
             "| errors |", "|---|---:|---:|---:|---:|---:|---:|---:|"]
    for k, t in sorted(rows.items()):
        share = t.reports_right / t.reports if t.reports else 1.0
        lines.append(f"| {k} | {t.reports} | {t.reports_right} | {share:.2%} | {t.cells} | {t.cell_accuracy:.4%} | "
                     f"{t.field_accuracy:.4%} | {t.exceptions} |")
    return "\n".join(lines)


@dataclass
class Detection:
    """How the warehouse's invariant checks did on a corpus with known broken reports."""

    broken: int = 0
    caught_by_right_rule: int = 0
    missed: list[str] = field(default_factory=list)
    clean: int = 0
    false_alarms: list[str] = field(default_factory=list)
    kinds: dict[str, int] = field(default_factory=dict)  # failure kinds of the broken reports' caught rules
    wrongly_blamed: list[str] = field(default_factory=list)  # clean reports with a failure blamed on the agency
    failing: dict[str, set[str]] = field(default_factory=dict)
    prose_mismatches: int = 0  # reports whose prose misstates a number of their tables
    prose_caught: int = 0  # of those, found by prose_vs_table
    prose_missed: list[str] = field(default_factory=list)

    @property
    def catch_rate(self) -> float:
        return self.caught_by_right_rule / self.broken if self.broken else 1.0


def detection(corpus: Iterable[Generated], workdir: Path) -> Detection:
    """Write the corpus to a raw folder, materialize the pipeline, and read check_result back."""
    import duckdb

    from pipelines.config import DB_NAME
    from pipelines.definitions import materialize_all

    raw = workdir / "raw"
    raw.mkdir(parents=True, exist_ok=True)
    truths = {}
    for g in corpus:
        (raw / g.name).write_bytes(g.data)
        truths[g.name] = g.truth
    materialize_all(raw, workdir / "warehouse")
    with duckdb.connect(str(workdir / "warehouse" / DB_NAME), read_only=True) as con:
        rows = con.sql("select r.source_name, c.rule_id, c.failure_kind from check_result c "
                       "join dim_report r using (report_id) where c.status = 'fail'").fetchall()
    out = Detection()
    kinds: dict[tuple[str, str], set[str]] = {}
    for name, rule, kind in rows:
        out.failing.setdefault(name, set()).add(rule)
        kinds.setdefault((name, rule), set()).add(kind)
    prose_rule_id = prose_rule()["rule_id"]
    for name, truth in truths.items():
        got = out.failing.get(name, set())
        if truth.get("prose_mismatch"):  # a failure of prose_vs_table is then what should be
            out.prose_mismatches += 1
            if prose_rule_id in got:
                out.prose_caught += 1
            else:
                out.prose_missed.append(name)
            got = got - {prose_rule_id}
        if truth["broken"]:
            out.broken += 1
            if got & set(truth["broken"]["rules"]):
                out.caught_by_right_rule += 1
                for kind in {k for rule in got for k in kinds[(name, rule)]}:
                    out.kinds[kind] = out.kinds.get(kind, 0) + 1
            else:
                out.missed.append(name)
        else:
            out.clean += 1
            blamed = {k for rule in got for k in kinds[(name, rule)]}
            if got:
                out.false_alarms.append(f"{name}: {sorted(got)} ({', '.join(sorted(blamed))})")
            if rules().failure_sure in blamed:
                out.wrongly_blamed.append(name)
    return out
