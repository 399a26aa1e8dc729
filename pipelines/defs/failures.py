"""Faults of the machine, turned into a step failure a person can act on."""

import errno
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import dagster as dg
import duckdb


def _disk_full(exc: BaseException) -> bool:
    if isinstance(exc, OSError):
        return exc.errno == errno.ENOSPC
    return isinstance(exc, duckdb.Error) and "No space left on device" in str(exc)


@contextmanager
def disk_full_stops_the_run(doing: str, where: Path) -> Iterator[None]:
    """A full disk fails the step with what was being written and where. What the step writes is
    written aside and renamed into place whole, so the previous warehouse is untouched."""
    try:
        yield
    except (OSError, duckdb.Error) as exc:
        if not _disk_full(exc):
            raise
        raise dg.Failure(
            description=f"the disk is full: no space left while {doing} under {where}. Nothing was replaced: the "
                        "warehouse is as the last run left it. Free some space and run again.",
            metadata={"folder": dg.MetadataValue.path(str(where))}, allow_retries=False) from exc
