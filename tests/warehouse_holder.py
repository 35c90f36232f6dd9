"""Another process holding a warehouse file open for writing, as a send batch's long write would."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
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
    return (folder / f"warehouse.duckdb.waiting.{os.getpid()}").exists()


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

    thread = threading.Thread(target=watch, daemon=True)
    thread.start()
    try:
        yield
    finally:
        finished.set()
        thread.join()
