"""A parse batch's manifest: what each of its Parquet files holds, so a damaged batch is found.

Written last into a batch's temporary folder, before the folder is renamed into place: the rows,
bytes and SHA-256 of every table file. A batch whose manifest is missing or unreadable, or whose
files are missing, of another size or content, is damaged (a disk fault, a copy cut short, a
hand edit): the parse step discards it and parses its files again, never failing the run.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

MANIFEST = "manifest.json"


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def write_manifest(folder: Path, rows: dict[str, int]) -> None:
    """Record each table file of the batch in `folder` (`rows`: table -> row count)."""
    tables = {name: {"rows": n, "bytes": (folder / f"{name}.parquet").stat().st_size,
                     "sha256": _digest(folder / f"{name}.parquet")} for name, n in rows.items()}
    (folder / MANIFEST).write_text(json.dumps({"tables": tables}, indent=1), encoding="utf-8")


def damage(folder: Path) -> str | None:
    """What is wrong with a batch in place, or None when every file matches its manifest."""
    try:
        tables = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))["tables"]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        return f"no readable manifest ({type(exc).__name__})"
    for name, want in tables.items():
        path = folder / f"{name}.parquet"
        try:
            if path.stat().st_size != want["bytes"] or _digest(path) != want["sha256"]:
                return f"{path.name} does not match its manifest"
        except OSError:
            return f"{path.name} is missing"
        except (KeyError, TypeError):
            return "a manifest entry is malformed"
    return None
