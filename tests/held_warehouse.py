"""Another process holding the warehouse file, as a notebook or a long run does."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager

# The lock DuckDB takes on a database file it opens for writing, a POSIX record lock over the whole
# file (``fcntl`` F_SETLK, F_WRLCK), taken by a process that loads nothing else: a holder that
# imports DuckDB to connect cost a tenth of a second of CPU more each time, for the same lock.
# DuckDB asks the kernel who holds it (F_GETLK) and names this process in its error, as it names
# its own kind. A warehouse not made yet is made by DuckDB, as a notebook's connection makes it.
_HOLDER = """import fcntl, sys, time
try:
    held = open(sys.argv[1], "r+b")
except FileNotFoundError:
    import duckdb
    held = duckdb.connect(sys.argv[1])
else:
    fcntl.lockf(held, fcntl.LOCK_EX)
print("held", flush=True)
time.sleep(120)
"""


@contextmanager
def warehouse_held(path: str) -> Iterator[None]:
    """Another process holding the warehouse file at ``path`` while the block runs."""
    holder = subprocess.Popen([sys.executable, "-I", "-c", _HOLDER, path], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        yield
    finally:
        holder.kill()
        holder.communicate()
