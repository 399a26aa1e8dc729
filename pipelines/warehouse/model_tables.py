"""The forms and the invariants as rows, for the warehouse's dim_item and the check SQL."""

from __future__ import annotations

import polars as pl

from pipelines.templates import invariants, templates


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


def invariant_terms_frame() -> pl.DataFrame:
    """One row per (rule, side, item): the rules of invariants.toml unrolled for SQL."""
    rows = [
        {"rule_id": r["id"], "table_code": r["table"], "per": r["per"], "side": side, "item": item}
        for r in invariants()["invariants"]
        for side in ("left", "right")
        for item in r[side]
    ]
    return pl.DataFrame(rows)


def chains_frame() -> pl.DataFrame:
    """The across-report rules of invariants.toml."""
    return pl.DataFrame([
        {"rule_id": c["id"], "table_code": c["table"], "this_year": c["this_year"],
         "previous_year": c["previous_year"]}
        for c in invariants()["chains"]
    ])


def rule_ids() -> list[str]:
    """Every rule the warehouse checks, within and across reports."""
    inv = invariants()
    return [r["id"] for r in inv["invariants"]] + [c["id"] for c in inv["chains"]]
