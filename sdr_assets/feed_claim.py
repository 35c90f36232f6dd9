"""One signals run at a time reads the API feed of a warehouse: two that overlap (the daemon's and an
`sdr run` from cron, or two cron runs while a slow feed answers) would both pull from the cursor stored
before either, and a paid feed bills each page twice. The claim is an exclusive ``flock`` on a file beside
the warehouse, held from reading the cursor until the pages and the new cursor are stored; the operating
system drops it when its process dies. A run that finds it held does not wait: the instance runs one
run at a time, so a wait would hold the replies' and opt-outs' runs queued behind a feed they never
read. It says which process holds the claim, reads the inbox's files, and leaves the feed and its
cursor to the holder; the next run reads on from where that one stopped."""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


def claim_path(warehouse_path: str) -> Path:
    return Path(f"{os.path.realpath(warehouse_path)}.feed-lock")  # one claim, whatever path names the file


@contextmanager
def feed_claimed(warehouse_path: str) -> Iterator[str]:
    """Hold the feed of the warehouse at ``warehouse_path`` for the block: yields "" when this process
    holds it, or, without waiting, who holds it when another process does; a warehouse in memory, or a
    folder that takes no lock, is claimed by this process alone."""
    if warehouse_path == ":memory:":
        yield ""
        return
    path = claim_path(warehouse_path)
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    except OSError:  # a folder this user may not write in: the warehouse itself refuses the run's writes
        yield ""
        return
    try:
        if _claim(fd):
            yield f"{f'process {pid}' if (pid := _holder(fd)) else 'another process'} ({path})"
        else:
            os.ftruncate(fd, 0)
            os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
            yield ""
    finally:
        os.close(fd)


def _claim(fd: int) -> bool:
    """Try for the claim once: whether another process holds it (a filesystem that takes no locks: no)."""
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    except OSError:
        return False
    return False


def _holder(fd: int) -> str:
    """The pid the holder wrote in the claim file, if any."""
    return os.pread(fd, 32, 0).decode("ascii", "replace").strip()
