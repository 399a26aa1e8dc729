"""A parse batch's manifest: its commit, and what each of its Parquet files holds.

A batch's tables are written into a folder of their own, then the manifest, last: the rows,
bytes and SHA-256 of every table file. Only a folder with a manifest is a batch (a killed or
failed parse leaves a folder without one, which nothing reads); this works the same on a local
disk and on an object store, where a folder cannot be renamed into place. A batch whose manifest
is unreadable, or whose files are missing, of another size or content, is damaged (a disk fault,
a copy cut short, a hand edit): the parse step discards it and parses its files again, never
failing the run.
"""

from __future__ import annotations

import hashlib
import json

from pipelines.storage import Store

MANIFEST = "manifest.json"


def write_manifest(lake: Store, folder: str, files: dict[str, bytes], rows: dict[str, int]) -> None:
    """Write the batch's table files (`files`: table -> Parquet bytes), then its manifest. Not
    flushed to the device one by one: a batch a crash damages is found by its manifest and parsed
    again."""
    for name, data in files.items():
        lake.write_bytes(f"{folder}/{name}.parquet", data, durable=False)
    tables = {name: {"rows": rows[name], "bytes": len(data), "sha256": hashlib.sha256(data).hexdigest()}
              for name, data in files.items()}
    lake.write_text(f"{folder}/{MANIFEST}", json.dumps({"tables": tables}, indent=1), durable=False)


def damage(lake: Store, folder: str, listed: dict[str, dict] | None = None) -> str | None:
    """What is wrong with a batch in place, or None when every file matches its manifest.

    On a local disk every file's bytes are hashed against the manifest. On an object store, which
    checks its objects' integrity itself, each file's presence and size are compared with the
    store's listing (`listed`: path -> details, one listing for the whole cache), so a rerun does
    not download the whole cache to check it."""
    try:
        tables = json.loads(lake.read_text(f"{folder}/{MANIFEST}"))["tables"]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        return f"no readable manifest ({type(exc).__name__})"
    for name, want in tables.items():
        rel = f"{folder}/{name}.parquet"
        try:
            if listed is not None:
                if rel not in listed:
                    return f"{name}.parquet is missing"
                if int(listed[rel].get("size") or 0) != want["bytes"]:
                    return f"{name}.parquet does not match its manifest"
                continue
            data = lake.read_bytes(rel)
            if len(data) != want["bytes"] or hashlib.sha256(data).hexdigest() != want["sha256"]:
                return f"{name}.parquet does not match its manifest"
        except OSError:
            return f"{name}.parquet is missing"
        except (KeyError, TypeError):
            return "a manifest entry is malformed"
    return None
