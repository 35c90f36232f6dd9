"""A stop that ends a wait for the warehouse at once, where termination signals are held back.

The send step holds SIGTERM and SIGINT back so the message in flight is finished and recorded
(``sdr_assets/send_guard.py``): a signal then only sets a flag. Within :func:`stop_ends_waits`,
each wait for a held warehouse reads that flag between its attempts and ends with the caller's
error, rather than waiting out the lock timeout and the step's wait for a run already stopped.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

_scope: ContextVar[tuple[Callable[[], bool], type[BaseException]] | None] = ContextVar("stop_ends_waits",
                                                                                        default=None)


@contextmanager
def stop_ends_waits(stopped: Callable[[], bool], interrupted: type[BaseException]) -> Iterator[None]:
    """Within the block a wait for the warehouse raises ``interrupted`` once ``stopped()`` is true."""
    token = _scope.set((stopped, interrupted))
    try:
        yield
    finally:
        _scope.reset(token)


def end_if_stopped() -> None:
    """Raise the enclosing :func:`stop_ends_waits`'s error where its stop was asked."""
    scope = _scope.get()
    if scope is not None and scope[0]():
        raise scope[1]()


def pause(seconds: float, sleep: Callable[[float], object] = time.sleep) -> None:
    """Sleep between two attempts, ending the wait where a stop was asked before or meanwhile.
    ``sleep`` may end it sooner by raising (a person's wait, on a signal: ``busy_warehouse``)."""
    end_if_stopped()
    sleep(seconds)
    end_if_stopped()
