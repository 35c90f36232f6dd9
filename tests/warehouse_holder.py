"""Another process holding a warehouse file open for writing, as a send batch's long write would."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def held(path: Path) -> Iterator[subprocess.Popen]:
    """The holder, once it holds ``path``: it lets go at a line on its stdin, or when the block ends."""
    holder = subprocess.Popen([sys.executable, "-c", "import sys, duckdb; c = duckdb.connect(sys.argv[1]); "
                               "print('held', flush=True); sys.stdin.readline(); c.close()", str(path)],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        yield holder
    finally:
        holder.kill()
        holder.wait()
        holder.stdin.close()
        holder.stdout.close()


def let_go(holder: subprocess.Popen) -> Callable[[], None]:
    """What tells ``holder`` to let the file go, to be called later (from a watching thread)."""
    def release() -> None:
        holder.stdin.write("go\n")
        holder.stdin.flush()
    return release


def waiting(folder: Path) -> bool:
    """Whether this process announced that it waits for ``folder``'s warehouse (``attachments.waiting_for``)."""
    return _announced(folder) is not None


def _announced(folder: Path) -> int | None:
    """When this process's announcement that it waits for ``folder``'s warehouse was made (ns), if it is there."""
    try:
        return (folder / f"warehouse.duckdb.waiting.{os.getpid()}").stat().st_mtime_ns
    except FileNotFoundError:
        return None


@contextmanager
def once_waited(folder: Path, seconds: float, then: Callable[[], None]) -> Iterator[None]:
    """While the block runs, a thread that calls ``then()`` once this process has waited ``seconds``
    for ``folder``'s warehouse; never once the block is over (a stray SIGINT would stop pytest)."""
    finished = threading.Event()

    def watch() -> None:
        while not waiting(folder):
            if finished.wait(0.05):
                return
        if not finished.wait(seconds):
            then()

    with _watching(watch, finished):
        yield


@contextmanager
def once_step_waited(folder: Path, lock_timeout: float, seconds: float, then: Callable[[], None]) -> Iterator[None]:
    """``once_waited``, the ``seconds`` counted from the step's own wait for ``folder``'s warehouse: the
    announcement made again once the connection's ``lock_timeout`` ended its first one. However slow the
    machine, ``then()`` comes inside the step's wait (a first announcement missed, two seconds past the
    lock timeout)."""
    finished = threading.Event()

    def watch() -> None:
        first = seen = None
        while True:
            made = _announced(folder)
            if first is None:
                first, seen = made, time.monotonic()
            elif made not in (None, first) or time.monotonic() - seen > lock_timeout + 2:
                break
            if finished.wait(0.01):
                return
        if not finished.wait(seconds):
            then()

    with _watching(watch, finished):
        yield


@contextmanager
def _watching(watch: Callable[[], None], finished: threading.Event) -> Iterator[None]:
    """``watch`` in a thread while the block runs; ``finished`` set when it is over."""
    thread = threading.Thread(target=watch, daemon=True)
    thread.start()
    try:
        yield
    finally:
        finished.set()
        thread.join()
