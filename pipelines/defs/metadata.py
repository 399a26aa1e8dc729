"""What every materialization reports: row count, column schema and a small preview."""

import dagster as dg
import polars as pl

PREVIEW_ROWS = 5
_CELL_CHARS = 40


def _cell(v: object) -> str:
    s = "" if v is None else str(v)
    s = s.replace("|", "\\|").replace("\n", " ")
    return s if len(s) <= _CELL_CHARS else s[: _CELL_CHARS - 1] + "…"


def markdown_table(df: pl.DataFrame, rows: int = PREVIEW_ROWS) -> str:
    head = df.head(rows)
    lines = ["| " + " | ".join(head.columns) + " |", "|" + "---|" * len(head.columns)]
    lines += ["| " + " | ".join(_cell(v) for v in r) + " |" for r in head.iter_rows()]
    return "\n".join(lines)


def frame_metadata(df: pl.DataFrame, rows: int | None = None, **extra: object) -> dict[str, object]:
    """dagster/row_count, dagster/column_schema and a Markdown preview of a frame (`rows`
    gives the count when `df` is only the head of a table too large to read whole)."""
    schema = dg.TableSchema(columns=[dg.TableColumn(name, str(dtype)) for name, dtype in df.schema.items()])
    return {
        "dagster/row_count": dg.MetadataValue.int(df.height if rows is None else rows),
        "dagster/column_schema": schema,
        "preview": dg.MetadataValue.md(markdown_table(df)),
        **extra,
    }
