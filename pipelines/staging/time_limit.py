"""A limit on how long one file's parse may take, so that no file holds a worker indefinitely."""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType


class TooSlow(Exception):
    """The work went past its time limit and was stopped."""


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Stop the work inside after `seconds` (of wall time) with `TooSlow`. Uses the process's
    interval timer, so it acts in the main thread only (parse workers, command-line runs);
    elsewhere the work runs unlimited."""
    if seconds <= 0 or threading.current_thread() is not threading.main_thread():
        yield
        return

    def _stop(_signum: int, _frame: FrameType | None) -> None:
        raise TooSlow(f"stopped after {seconds:g} s")

    previous = signal.signal(signal.SIGALRM, _stop)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
