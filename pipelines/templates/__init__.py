"""The national report templates, loaded from the TOML files beside this module.

The forms are data: `gov_2019.toml`, `gov_2021.toml` (one file per version of the form) and
`document.toml` (sections, web debris, spam). A new version of the form is a new TOML file
here, picked up by `templates()` without code changes.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field, replace
from functools import cache
from importlib import resources
from typing import Any

DOCUMENT_FILE = "document.toml"
INVARIANTS_FILE = "invariants.toml"
AGENCIES_FILE = "agencies.toml"
SERIES_FILE = "series.toml"
PROSE_FILE = "prose.toml"
# The data files beside the forms that are not forms.
NOT_FORMS = frozenset({DOCUMENT_FILE, INVARIANTS_FILE, AGENCIES_FILE, SERIES_FILE, PROSE_FILE})


@dataclass(frozen=True, slots=True)
class ColumnSpec:
    """A column of a table: an applicant kind (t3), a measure (t2) or an outcome (t4)."""

    code: str
    label: str
    variants: tuple[str, ...] = ()
    group: str | None = None
    unit: str | None = None
    optional: bool = False  # printed by some reports only (小计): read where the table's header prints it


@dataclass(frozen=True, slots=True)
class RowSpec:
    """A row of the form. Group rows head other rows and carry no numbers (code is None)."""

    code: str | None
    label: str
    variants: tuple[str, ...] = ()
    parent: str | None = None
    measures: tuple[str, ...] = ()
    divides_into: tuple[str, ...] = ()

    @property
    def is_group(self) -> bool:
        return self.code is None


@dataclass(frozen=True, slots=True, eq=False)  # identity hash: tables are cached singletons, keys of caches
class TableSpec:
    """One standard table of a template.

    `kind` says how the aligner reads it: "labelled" tables (t2, t3) find each row by its
    label; the "grid" table (t4) is one run of numbers under a two-level header, read in the
    order proceedings x outcomes.
    """

    code: str
    title: str
    kind: str
    rows: tuple[RowSpec, ...]
    columns: tuple[ColumnSpec, ...]
    header_words: tuple[str, ...] = ()
    # every column the form knows, optional ones too, in printed order (`columns` when empty)
    all_columns: tuple[ColumnSpec, ...] = ()
    # derived once here: the aligner asks for them many times in every report
    data_rows: tuple[RowSpec, ...] = field(init=False)
    optional_rows: frozenset[str] = field(init=False)

    def __post_init__(self) -> None:
        if not self.all_columns:
            object.__setattr__(self, "all_columns", self.columns)
        data_rows = tuple(r for r in self.rows if not r.is_group)
        object.__setattr__(self, "data_rows", data_rows)
        # Rows printed one of two ways (其他处理 undivided, or its sub-rows): a report owes either,
        # so neither is owed on its own.
        object.__setattr__(self, "optional_rows", frozenset(
            c for r in data_rows if r.divides_into for c in (r.code or "", *r.divides_into)))

    @property
    def optional_columns(self) -> tuple[ColumnSpec, ...]:
        """Columns some reports print and others do not (法人或其他组织 小计)."""
        return tuple(c for c in self.all_columns if c.optional)

    @property
    def optional_columns_present(self) -> tuple[ColumnSpec, ...]:
        return tuple(c for c in self.columns if c.optional)

    def with_optional(self, codes: tuple[str, ...]) -> TableSpec:
        """This table as printed with these optional columns (one shared object per choice)."""
        return _with_optional(self, codes)

    def columns_of(self, row: RowSpec) -> tuple[ColumnSpec, ...]:
        """The columns a row carries: its own measures in t2, the table's columns elsewhere."""
        if row.measures:
            return _measure_columns(self, row.measures)
        return self.columns

    @property
    def header_vocabulary(self) -> tuple[str, ...]:
        """Every word the table's header rows print: column labels, their groups, header words."""
        words = [*self.header_words]
        for c in self.columns:
            words += [c.label, *c.variants, *([c.group] if c.group else [])]
        return tuple(dict.fromkeys(words))


@dataclass(frozen=True, slots=True)
class Template:
    """One version of the national form."""

    code: str
    name: str
    first_year: int
    markers: tuple[str, ...]
    tables: dict[str, TableSpec]


@cache  # one shared TableSpec per choice of optional columns (identity matters: other caches key on it)
def _with_optional(table: TableSpec, codes: tuple[str, ...]) -> TableSpec:
    columns = tuple(c for c in table.all_columns if not c.optional or c.code in codes)
    return replace(table, columns=columns)


@cache  # once per row's measures: asked for every row of table 2 of every report
def _measure_columns(table: TableSpec, measures: tuple[str, ...]) -> tuple[ColumnSpec, ...]:
    by_code = {c.code: c for c in table.columns}
    return tuple(by_code[m] for m in measures)


def _read(name: str) -> dict[str, Any]:
    return tomllib.loads(resources.files(__package__).joinpath(name).read_text(encoding="utf-8"))


def _row(d: dict[str, Any]) -> RowSpec:
    return RowSpec(
        code=None if d.get("group") else d["code"],
        label=d["label"],
        variants=tuple(d.get("variants", ())),
        parent=d.get("parent"),
        measures=tuple(d.get("measures", ())),
        divides_into=tuple(d.get("divides_into", ())),
    )


def _column(code: str, d: dict[str, Any]) -> ColumnSpec:
    return ColumnSpec(code=code, label=d["label"], variants=tuple(d.get("variants", ())),
                      group=d.get("group"), unit=d.get("unit"), optional=bool(d.get("optional", False)))


def _template(d: dict[str, Any]) -> Template:
    t2, t3, t4 = d["t2_active"], d["t3_requests"], d["t4_review_litigation"]
    t3_columns = tuple(_column(c["code"], c) for c in t3["columns"])
    tables = {
        "t2_active": TableSpec(
            code="t2_active", title=t2["title"], kind="labelled",
            rows=tuple(_row(r) for r in t2["rows"]),
            columns=tuple(_column(k, v) for k, v in t2["measures"].items()),
            header_words=tuple(t2.get("header_words", ())),
        ),
        "t3_requests": TableSpec(
            code="t3_requests", title=t3["title"], kind="labelled",
            rows=tuple(_row(r) for r in t3["rows"]),
            columns=tuple(c for c in t3_columns if not c.optional), all_columns=t3_columns,
            header_words=tuple(t3.get("header_words", ())),
        ),
        "t4_review_litigation": TableSpec(
            code="t4_review_litigation", title=t4["title"], kind="grid",
            rows=tuple(RowSpec(code=p["code"], label=p["label"]) for p in t4["proceedings"]),
            columns=tuple(_column(o["code"], o) for o in t4["outcomes"]),
            header_words=tuple(t4.get("header_words", ())),
        ),
    }
    return Template(code=d["code"], name=d["name"], first_year=int(d["first_year"]),
                    markers=tuple(d.get("markers", ())), tables=tables)


@cache  # read once per process: the forms are asked for by every report
def templates() -> dict[str, Template]:
    """Every template shipped beside this module, oldest form first."""
    found = [
        _template(_read(p.name))
        for p in resources.files(__package__).iterdir()
        if p.name.endswith(".toml") and p.name not in NOT_FORMS
    ]
    return {t.code: t for t in sorted(found, key=lambda t: t.first_year)}


@cache  # read once per process
def document_rules() -> dict[str, Any]:
    """Sections, debris and spam rules shared by every template (document.toml)."""
    return _read(DOCUMENT_FILE)


@cache  # read once per process
def series_measures() -> list[dict[str, Any]]:
    """The measures comparable across the forms, and the cells each is read from (series.toml)."""
    return _read(SERIES_FILE)["measure"]


@cache  # read once per process
def prose_rule() -> dict[str, Any]:
    """The numbers a report's prose quotes that its tables hold, and their phrasings (prose.toml)."""
    return _read(PROSE_FILE)


def deadline_parameters() -> dict[str, int]:
    """The statutory deadline (document.toml) as the SQL's bound parameters ($deadline_month,
    $deadline_day): the day of the year after the report's year by which it is due."""
    d = document_rules()["deadline"]
    return {"deadline_month": d["month"], "deadline_day": d["day"]}


@cache  # read once per process
def agency_rules() -> dict[str, Any]:
    """The kinds of reporting body and the short names of divisions (agencies.toml)."""
    return _read(AGENCIES_FILE)


def template_for_year(year: int | None) -> Template:
    """The form in force for a report year (the newest form when the year is unknown)."""
    ordered = list(templates().values())
    if year is None:
        return ordered[-1]
    chosen = ordered[0]
    for t in ordered:
        if t.first_year <= year:
            chosen = t
    return chosen


@dataclass(frozen=True, slots=True)
class Rule:
    """A per-report rule: the `left` items of one table add up to the `right` ones, checked once
    per column (`per_col`: the items are rows) or once per row (the items are columns)."""

    rule_id: str
    table: str
    per_col: bool
    left: tuple[str, ...]
    right: tuple[str, ...]
    description: str


@dataclass(frozen=True, slots=True)
class Chain:
    """An across-report rule: a row of year N equals another row of the same body's year N-1."""

    rule_id: str
    table: str
    this_year: str
    previous_year: str
    description: str


@dataclass(frozen=True, slots=True)
class Rules:
    """The reports' own arithmetic (invariants.toml): the one source both the parser and the
    warehouse's SQL take the rules, the tolerance and the failure kinds from."""

    within: tuple[Rule, ...]
    chains: tuple[Chain, ...]
    tolerance: float
    failure_sure: str  # a failure under cells all read with full confidence: the agency's arithmetic
    failure_unsure: str  # a failure touching a cell the parser was unsure of: maybe our misread

    def failure_kind(self, *, unsure: bool) -> str:
        return self.failure_unsure if unsure else self.failure_sure

    def sql_parameters(self) -> dict[str, object]:
        """The settings as the SQL's bound parameters ($tolerance, $failure_sure, $failure_unsure)."""
        return {"tolerance": self.tolerance, "failure_sure": self.failure_sure, "failure_unsure": self.failure_unsure}


@cache  # read once per process: the parser evaluates the rules for every table of every report
def rules() -> Rules:
    """The rules of invariants.toml."""
    d = _read(INVARIANTS_FILE)
    within = tuple(Rule(r["id"], r["table"], r["per"] == "col", tuple(r["left"]), tuple(r["right"]),
                        r["description"]) for r in d["invariants"])
    chains = tuple(Chain(c["id"], c["table"], c["this_year"], c["previous_year"], c["description"])
                   for c in d["chains"])
    return Rules(within, chains, float(d["tolerance"]), d["failure_kind"]["sure"], d["failure_kind"]["unsure"])
