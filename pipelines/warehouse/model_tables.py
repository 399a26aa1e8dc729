"""The forms, the rules and the administrative divisions as rows: what the warehouse loads as
dim_item, dim_rule and dim_division, and what its chain check reads."""

from __future__ import annotations

import polars as pl

from pipelines.agencies.divisions import divisions
from pipelines.templates import prose_rule, rules, series_measures, templates


def items_frame() -> pl.DataFrame:
    """Every cell of every template: codes, printed labels, hierarchy and print order."""
    rows: list[dict] = []
    for t in templates().values():
        order = 0
        for printed in t.tables.values():
            table = printed.with_optional(tuple(c.code for c in printed.optional_columns))  # every column
            parent_of = {r.label: r.parent for r in table.rows}
            for row in table.data_rows:
                path = [row.label]
                while parent_of.get(path[0]):
                    path.insert(0, parent_of[path[0]])
                for col_sort, col in enumerate(table.columns_of(row)):
                    order += 1
                    rows.append({
                        "item_id": f"{t.code}/{table.code}/{row.code}/{col.code}", "template": t.code,
                        "table_code": table.code, "row_code": row.code, "col_code": col.code,
                        "row_label": row.label, "col_label": col.label, "parent_label": row.parent,
                        "row_path": " > ".join(path),
                        "section_label": table.title, "col_group": col.group, "col_sort": col_sort,
                        "sort_order": order,
                    })
    return pl.DataFrame(rows)


def rules_frame() -> pl.DataFrame:
    """Every rule: per report (`within`) and across years (`chain`) from invariants.toml, and the
    prose against the tables (`prose`, prose.toml)."""
    r = rules()
    within = [{"rule_id": x.rule_id, "kind": "within", "table_code": x.table, "description": x.description}
              for x in r.within]
    chains = [{"rule_id": c.rule_id, "kind": "chain", "table_code": c.table, "description": c.description}
              for c in r.chains]
    prose = prose_rule()
    return pl.DataFrame([*within, *chains, {"rule_id": prose["rule_id"], "kind": "prose", "table_code": prose["table"],
                                            "description": prose["description"]}])


def chains_frame() -> pl.DataFrame:
    """The across-report rules of invariants.toml, for check_chain.sql."""
    return pl.DataFrame([
        {"rule_id": c.rule_id, "table_code": c.table, "this_year": c.this_year, "previous_year": c.previous_year}
        for c in rules().chains
    ])


def divisions_frame() -> pl.DataFrame:
    """Every administrative division (GB/T 2260) with the province, prefecture and county it is
    or lies in."""
    index = divisions()
    rows = []
    for d in index.by_code.values():
        chain = index.chain(d)
        row = {"division_code": d.code, "division_name": d.name, "level": d.level, "parent_code": d.parent}
        for level in ("province", "prefecture", "county"):
            row[f"{level}_code"] = chain[level].code if level in chain else None
            row[f"{level}_name"] = chain[level].name if level in chain else None
        rows.append(row)
    return pl.DataFrame(rows)


def series_frame() -> pl.DataFrame:
    """series.toml as rows: each measure, form and cell of the form it is read from, and how
    (one cell exact, several summed)."""
    rows = []
    for m in series_measures():
        for form in templates():
            cells = m.get(form, [])
            how = "exact" if len(cells) == 1 else "sum"
            rows += [{"measure_code": m["code"], "measure_label": m["label"], "unit": m.get("unit", "件"),
                      "template": form, "item_id": f"{form}/{cell}", "how": how} for cell in cells]
    return pl.DataFrame(rows)
