"""One signals run at a time reads the API feed of a warehouse: two that overlap (the daemon's and an
`sdr run` from cron, or two cron runs while a slow feed answers) would both pull from the cursor stored
before either, and a paid feed bills each page twice. The claim is an exclusive ``flock`` on a file beside
the warehouse, held from reading the cursor until the pages and the new cursor are stored; the operating
system drops it when its process dies. The second run waits for it, holding no warehouse connection,
and reads on from where the first stopped."""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


def claim_path(warehouse_path: str) -> Path:
    return Path(f"{os.path.realpath(warehouse_path)}.feed-lock")  # one claim, whatever path names the file


@contextmanager
def feed_claimed(warehouse_path: str) -> Iterator[None]:
    """Hold the feed of the warehouse at ``warehouse_path`` for the block, waiting for another run's
    claim; a warehouse in memory, or a folder that takes no lock, is claimed by this process alone."""
    if warehouse_path == ":memory:":
        yield
        return
    try:
        fd = os.open(claim_path(warehouse_path), os.O_RDWR | os.O_CREAT, 0o600)
    except OSError:  # a folder this user may not write in: the warehouse itself refuses the run's writes
        yield
        return
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
        except OSError:  # a filesystem that takes no locks
            pass
        yield
    finally:
        os.close(fd)
