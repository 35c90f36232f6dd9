"""Two guards around a batch of sends: one writer at a time, and no message cut in half by a stop.

The send lock is an exclusive ``flock`` on a file next to the warehouse, held from reading the
plan to recording the last message. DuckDB's own file lock is not enough: the plan is read on one
connection that is closed before sending, so two processes can plan the same batch. The lock
makes the second one wait, then re-read the ledger and find the work done. The operating system
releases a ``flock`` when its holder dies, so a ``kill -9`` never leaves a stale lock.

A termination signal (SIGTERM, or SIGINT) during a batch is deferred: the message in flight is
finished and recorded, the batch stops, then the signal is delivered again to whoever handled it
before (Dagster turns it into an interrupted run, and ``sdr run`` stops there). A wait for the
warehouse, before the batch or after the signal, is no message in flight: the stop ends it at once.
"""

from __future__ import annotations

import fcntl
import os
import signal
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from resources.stop_flag import StopFlag
from resources.wait_stop import stop_ends_waits

_TERMINATION_SIGNALS = (signal.SIGTERM, signal.SIGINT)
_stop = StopFlag()  # raised by the signal handlers below and read between messages


class SendLockBusy(RuntimeError):
    """Another process is sending from the same warehouse."""


class SendLockUnavailable(RuntimeError):
    """The lock file cannot be made or opened (its folder or the file belongs to another user, is a
    folder, or the disk is full): nothing may be sent until a person mends it."""


def send_lock_path(warehouse_path: str) -> Path:
    return Path(f"{os.path.realpath(warehouse_path)}.send-lock")  # one lock, whatever path names the file


@contextmanager
def send_lock(path: Path, timeout_seconds: float) -> Iterator[None]:
    """Hold the cross-process send lock, waiting up to ``timeout_seconds`` for it."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    except OSError as exc:
        raise SendLockUnavailable(f"the send lock {path} cannot be opened: {exc.strerror or exc}") from exc
    try:
        deadline = time.monotonic() + timeout_seconds
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise SendLockBusy(f"another process holds {path} (sending from the same warehouse)") from None
                time.sleep(0.05)
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}\n".encode())
        try:
            yield
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)


def stop_requested() -> bool:
    """True once a termination signal arrived during a batch: the caller stops at the next boundary."""
    return _stop.is_set()


def request_stop() -> None:
    _stop.set()


def clear_stop() -> None:
    _stop.clear()


@contextmanager
def deferred_termination(interrupted: type[BaseException] = KeyboardInterrupt) -> Iterator[None]:
    """Within the block a termination signal only sets :func:`stop_requested`; it is re-delivered after.
    A wait for the warehouse in the block raises ``interrupted`` once a stop was asked, before or during it."""
    with stop_ends_waits(stop_requested, interrupted):
        if threading.current_thread() is not threading.main_thread():
            yield
            return
        with _signals_deferred():
            yield


@contextmanager
def _signals_deferred() -> Iterator[None]:
    """SIGTERM and SIGINT only set the stop flag in the block, and are delivered again after it."""
    received: list[int] = []

    def _defer(signo, _frame) -> None:
        received.append(signo)
        _stop.set()

    previous = {s: signal.getsignal(s) for s in _TERMINATION_SIGNALS}
    for s in _TERMINATION_SIGNALS:
        signal.signal(s, _defer)
    try:
        yield
    finally:
        for s, handler in previous.items():
            signal.signal(s, handler)
        if received:
            signal.raise_signal(received[0])
