"""A person's action on the escalation queue while another process (a send batch) holds the warehouse.

`sdr handled` and the Launchpad's ``work_escalation`` job try the warehouse once. Where it is held,
an opt-out is logged at once where every send reads it (:mod:`sdr_assets.handled_optouts`), the
person is told once what waits and for whom, and the action is recorded with that opt-out as soon
as the warehouse is free. A wait has no deadline: Ctrl-C, or terminating the run, ends it.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TypeVar

from resources.config import WarehouseFile
from resources.damage import WarehouseLocked
from resources.held_wait import retry_while_held
from resources.stop_flag import StopFlag
from resources.wait_stop import end_if_stopped, pause
from sdr_assets.domain.suppression import Event
from sdr_assets.send_guard import send_lock_path

_STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)
T = TypeVar("T")


@dataclass
class Busy:
    """What the person is told once: who holds the warehouse (``batch``: known to be the send batch),
    and the opt-out logged meanwhile (or why it could not be)."""

    holder: str
    batch: bool = False
    logged: Event | None = None
    unlogged: OSError | None = None


def record_when_free(warehouse: WarehouseFile, act: Callable[..., dict], clock: Callable[[], object],
                     tell: Callable[[Busy], None], optout: Callable[[], Event | None] | None = None,
                     interrupted: type[BaseException] = KeyboardInterrupt) -> dict:
    """``act(warehouse)`` at once where the warehouse is free. Where it is held: ``optout()`` logs
    the opt-out first (its refusal, ``EscalationError``, logs nothing and waits for nothing), ``tell``
    hears it once, and ``act(warehouse, logged=..., recorded_at=clock())`` is tried until it goes
    through. A stop signal while waiting raises ``interrupted``; the logged opt-out stays.

    The signals only raise the wait's flag from before the opt-out is logged: the person (or a
    test) stops the wait once it is logged and told, and a signal there must not raise
    ``KeyboardInterrupt`` wherever the process happens to be (in the log's fsync, the message, a
    finalizer that swallows it), which lost the stop and left the wait running."""
    at_once = warehouse.model_copy(update={"lock_timeout_seconds": 0})
    try:
        return act(at_once)
    except WarehouseLocked as exc:
        busy = busy_with(exc, warehouse.path)
    with stop_signals() as stop:
        if optout is not None:
            try:
                busy.logged = optout()
            except OSError as exc:
                busy.unlogged = exc
        tell(busy)
        return when_free(lambda: act(at_once, logged=busy.logged, recorded_at=clock()), warehouse.path,
                         interrupted, stop=stop)


def busy_with(error: WarehouseLocked, path: str) -> Busy:
    """Who holds the warehouse: the send batch where the process holding it last took the send lock."""
    try:
        sender = int(send_lock_path(path).read_text().strip() or 0)
    except (OSError, ValueError):
        sender = 0
    return Busy(error.holder, batch=error.pid is not None and error.pid == sender)


@contextmanager
def stop_signals() -> Iterator[StopFlag]:
    """Within the block SIGINT and SIGTERM only raise the flag it yields (set off the main thread, no
    handler can be: the flag stays down); the handlers before it are put back after."""
    stop = StopFlag()
    previous = {}
    if threading.current_thread() is threading.main_thread():
        previous = {sig: signal.signal(sig, stop.set) for sig in _STOP_SIGNALS}
    try:
        yield stop
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def when_free(attempt: Callable[[], T], path: str, interrupted: type[BaseException] = KeyboardInterrupt,
              until: float | None = None, stop: StopFlag | None = None) -> T:
    """``attempt()`` again each quarter second while the warehouse at ``path`` is held, its holders
    told that this process waits; past ``until`` (``time.monotonic``), its last ``WarehouseLocked``
    is raised. SIGINT and SIGTERM only set a flag, read between attempts, which then raises
    ``interrupted``: DuckDB, which looks for a signal while it tries the lock, would otherwise take
    it and go on with the lock's error. Within ``resources.wait_stop.stop_ends_waits`` (the send step,
    which holds signals back), a stop asked before the wait or during it ends it too. Off the main
    thread no handler can be set. ``stop``: the flag of an enclosing :func:`stop_signals`, raised
    before the wait perhaps, which then ends it before its first attempt."""
    if stop is None:
        with stop_signals() as own:
            return when_free(attempt, path, interrupted, until, own)

    def sleep(seconds: float) -> None:
        if stop.wait(seconds):
            raise interrupted

    if stop.is_set():
        raise interrupted
    end_if_stopped()
    return retry_while_held(attempt, path, lambda exc: isinstance(exc, WarehouseLocked), until,
                            lambda seconds: pause(seconds, sleep))
