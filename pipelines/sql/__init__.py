"""Every SQL statement of the project, one file per purpose, shipped as package data.

Each file is one statement (or, for `forget_removed_reports`, one purpose), read by name. Values
reach them as bound parameters (`$name`), never pasted into the text.
"""

from __future__ import annotations

from importlib import resources


def load_sql(name: str) -> str:
    """The text of `<name>.sql`."""
    return resources.files(__package__).joinpath(f"{name}.sql").read_text(encoding="utf-8")


def sql_texts() -> dict[str, str]:
    """Every statement by name: what the warehouse's schema version is a digest of."""
    return {p.name: p.read_text(encoding="utf-8")
            for p in sorted(resources.files(__package__).iterdir(), key=lambda p: p.name)
            if p.name.endswith(".sql")}
