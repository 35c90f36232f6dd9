"""Another process holding a warehouse file open for writing, as a send batch's long write would."""

from __future__ import annotations

import subprocess
import sys
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
