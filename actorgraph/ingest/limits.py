"""Bounds on what ingest accepts, so one hostile or broken file cannot exhaust a worker."""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from actorgraph.errors import IngestError


@dataclass(frozen=True)
class IngestLimits:
    """Refusal thresholds; every one is checked before the expensive step it protects."""

    max_bytes: int = 64 * 1024 * 1024  # raw file size
    max_html_depth: int = 2000  # element nesting; deeper trees are refused before parsing
    max_pdf_pages: int = 5000
    max_control_ratio: float = 0.02  # share of C0 control characters that marks binary junk
    min_text_chars: int = 1  # decoded, stripped text shorter than this is "empty"
    chunk_chars: int = 100_000  # extraction reads the prose view in pieces of at most this many characters


class _OverBudget(BaseException):
    """Raised by the alarm; a BaseException so that no library's ``except Exception`` swallows it."""


@contextmanager
def time_budget(seconds: float | None, source: str) -> Iterator[None]:
    """Refuse (IngestError) a file whose processing takes longer than ``seconds``.

    Uses SIGALRM, so it applies in the main thread of a POSIX process (the CLI, each worker
    process of a pool); elsewhere, or when ``seconds`` is 0 or None, it does nothing. Pure
    Python code and spaCy are interrupted between two bytecodes; one long C call (a single
    regular expression search) finishes first.
    """
    usable = (bool(seconds) and seconds > 0 and hasattr(signal, "setitimer")
              and threading.current_thread() is threading.main_thread())
    if not usable:
        yield
        return
    armed = {"on": True}

    def on_alarm(_signum, _frame) -> None:
        if armed["on"]:
            raise _OverBudget

    previous = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    except _OverBudget:
        raise IngestError(source, f"took longer than {seconds:g} s, the time budget for one file "
                                  "(setting file_seconds); refused") from None
    finally:
        armed["on"] = False
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
