"""Asking the kernel to read files ahead, so that a loop over many small files does not wait on
the disk for each one in turn (their pages may have left the cache since they were last read)."""

from __future__ import annotations

import os
from collections.abc import Iterable


def read_ahead(paths: Iterable[str]) -> None:
    """Start reading these files in the background; errors are left for the real read to report."""
    if not hasattr(os, "posix_fadvise"):
        return
    for path in paths:
        try:
            fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)  # O_NONBLOCK: opening a FIFO must not hang
        except OSError:
            continue
        try:
            os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_WILLNEED)
        except OSError:
            pass
        finally:
            os.close(fd)
