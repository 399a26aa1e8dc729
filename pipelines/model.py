"""The library's vocabulary: what a parsed report is made of.

Everything the parser returns is one of these plain dataclasses, so the CLI, the Dagster
assets and the tests all speak about the same things with the same canonical codes
(see the templates in `pipelines/templates/`).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Literal, NamedTuple

if TYPE_CHECKING:  # the invariants speak of cells: imported for the annotation only
    from pipelines.invariants import Outcome

CellStatus = Literal["ok", "blank", "missing"]
LabelMatch = Literal["exact", "variant", "fuzzy", "position", "none"]
Confidence = Literal["full", "partial", "none"]  # how surely a table was read

TABLES: tuple[str, ...] = ("t2_active", "t3_requests", "t4_review_litigation")


# A report is named by its content: the first 16 hex digits of its SHA-256 (2**64 ids), the same
# whichever path or run it is read from. Worked out here only; the warehouse loads it.
REPORT_ID_HEX_DIGITS = 16


def report_id(sha256: str) -> str:
    """The report id of a file's content hash."""
    return sha256[:REPORT_ID_HEX_DIGITS]


@dataclass(frozen=True, slots=True)
class Limits:
    """What one file may cost before it is refused with the reason: no annual report comes near
    any of these, and a file past them (a zip bomb, a book-length PDF, a page nested thousands
    deep) would hold a worker for minutes and gigabytes. Set in the pipeline's configuration."""

    max_bytes: int = 50 * 2**20  # the file itself: larger ones are recorded by the crawl, never read
    max_pdf_pages: int = 300
    max_docx_unpacked_bytes: int = 100 * 2**20  # what a Word file's parts unpack to
    max_html_depth: int = 2000  # how deep a web page's elements nest (the HTML parser's work grows as its square)
    max_parse_seconds: float = 60.0  # one file's parse (a report takes milliseconds; a big PDF, a second or two)


DEFAULT_LIMITS = Limits()


class NotAReportError(ValueError):
    """The input is not an annual report at all (empty, binary, a news article...).

    The only exception the parser raises on bad input: everything short of this is a warning
    on a report that is still returned.
    """


@dataclass(frozen=True, slots=True)
class ParseWarning:
    """Something the parser could not read with confidence; kept with the report."""

    code: str
    message: str
    line: int | None = None


class Cell(NamedTuple):  # a row of the parse cache's cells table, in its column order
    """One cell of one standard table, with where it came from.

    `status` keeps blank (printed empty) apart from missing (not printed at all); `label_match`
    says how sure the parser is that the numbers belong to this row: a failed invariant that
    touches a `fuzzy` or `missing` cell may be the parser's fault rather than the agency's.
    """

    table: str
    row: str
    col: str
    value: int | float | None
    status: CellStatus
    unit: str | None = None
    raw: str | None = None
    note: str | None = None
    line: int | None = None
    label_match: LabelMatch = "exact"
    label_score: float = 100.0


    @property
    def key(self) -> tuple[str, str, str]:
        """(table, row, col): which cell of the form this is."""
        return self.table, self.row, self.col


@dataclass(frozen=True, slots=True)
class TableReading:
    """How one table of a report was read: by which reading (a layout reader, or `stream`), with
    what confidence (`full`: every row found by its label, every cell placed, no other reading
    disputing a cell; `partial`; `none`: the table was not found), how many readings were
    compared, the cells another reading disputes (`row/col`), and the optional columns the
    table prints (`org_subtotal`)."""

    table: str
    reading: str | None
    confidence: Confidence
    tried: int
    disputed: tuple[str, ...] = ()
    optional_columns: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Section:
    """One of the six sections (or the preamble), as text with its line span."""

    code: str
    heading: str | None
    start_line: int
    end_line: int
    text: str
    found_by: Literal["heading", "anchor", "start"]


class Identity(NamedTuple):  # columns of the parse cache's reports table, in order
    """Who a report is from, as the warehouse keys it (`pipelines.agencies`): one `agency_id` for
    every name one body goes by. `resolution` is resolved (the division is known), ambiguous
    (several divisions fit and nothing in the report chooses) or unknown (no division in the
    name); `note` says how or why."""

    agency_id: str
    canonical_name: str
    body: str
    kind: str
    division_code: str | None
    resolution: str
    note: str | None


@dataclass(slots=True)
class Report:
    """A whole report in canonical form."""

    source: str
    agency: str | None
    report_year: int | None
    published_on: str | None
    template: str | None
    encoding: str | None = None
    format: str | None = None
    layout: str | None = None
    cells: list[Cell] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    warnings: list[ParseWarning] = field(default_factory=list)
    spam: list[str] = field(default_factory=list)
    readings: list[TableReading] = field(default_factory=list)
    # the report's own arithmetic, rule by scope, evaluated on the readings kept (`invariants`)
    outcomes: list[Outcome] = field(default_factory=list)
    identity: Identity | None = None  # the body behind `agency` (`pipelines.agencies`)

    def table(self, name: str) -> dict[str, dict[str, int | float | None]]:
        """The values of one table as {row: {col: value}}, in template order."""
        out: dict[str, dict[str, int | float | None]] = {}
        for c in self.cells:
            if c.table == name:
                out.setdefault(c.row, {})[c.col] = c.value
        return out

    def to_json(self) -> dict:
        """The contract of `python -m pipelines.parse`: the golden files' format plus extras."""
        doc: dict = {
            "source": self.source,
            "agency": self.agency,
            "report_year": self.report_year,
            "published_on": self.published_on,
            "template": self.template,
        }
        for name in TABLES:
            doc[name] = self.table(name)
        doc["missing"] = [f"{c.table}/{c.row}/{c.col}" for c in self.cells if c.status == "missing"]
        doc["notes"] = {f"{c.table}/{c.row}/{c.col}": c.note for c in self.cells if c.note}
        doc["encoding"] = self.encoding
        doc["format"] = self.format
        doc["layout"] = self.layout
        doc["spam"] = self.spam
        doc["warnings"] = [asdict(w) for w in self.warnings]
        doc["sections"] = [
            {"code": s.code, "heading": s.heading, "start_line": s.start_line, "end_line": s.end_line,
             "found_by": s.found_by}
            for s in self.sections
        ]
        doc["identity"] = self.identity._asdict() if self.identity else None
        doc["readings"] = [asdict(r) for r in self.readings]
        doc["cells"] = [c._asdict() for c in self.cells]
        return doc
