"""The one wait for a warehouse file another process holds: the same attempt again each quarter
second, the holders told that this process waits, until it goes through or the caller's deadline
or stop ends the wait. A connection's own lock wait and a step's or a person's wait for the
warehouse (``sdr_assets/busy_warehouse.py``) both wait here, each with its own rules."""

from __future__ import annotations

import time
from collections.abc import Callable
from contextlib import ExitStack
from typing import TypeVar

from resources.attachments import waiting_for

T = TypeVar("T")
STEP_SECONDS = 0.25


def retry_while_held(attempt: Callable[[], T], path: str, held: Callable[[Exception], bool], deadline: float | None,
                     rest: Callable[[float], None],
                     timed_out: Callable[[Exception], BaseException] | None = None) -> T:
    """``attempt()`` until it goes through. A failure ``held`` calls the lock's is tried again after
    ``rest(STEP_SECONDS)`` (which may end the wait by raising), the holders of ``path`` told from the
    first one on that this process waits; past ``deadline`` (``time.monotonic``; None: never) it is
    raised, as ``timed_out(error)`` where given. Any other failure is raised as it is."""
    with ExitStack() as stack:
        announced = False
        while True:
            try:
                return attempt()
            except Exception as exc:
                if not held(exc):
                    raise
                if deadline is not None and time.monotonic() >= deadline:
                    if timed_out is None:
                        raise
                    raise timed_out(exc) from exc
            if not announced:
                stack.enter_context(waiting_for(path))
                announced = True
            rest(STEP_SECONDS)
