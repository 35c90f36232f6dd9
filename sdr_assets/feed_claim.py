"""One signals run at a time reads the API feed of a warehouse: two that overlap (the daemon's and an
`sdr run` from cron, or two cron runs while a slow feed answers) would both pull from the cursor stored
before either, and a paid feed bills each page twice. The claim is an exclusive ``flock`` on a file beside
the warehouse, held from reading the cursor until the pages and the new cursor are stored; the operating
system drops it when its process dies. The second run waits for it, holding no warehouse connection,
and reads on from where the first stopped. It says in its log which process holds the claim, and waits
as long as a step waits for a held warehouse (``step_wait``, ``SDR_WAREHOUSE_WAIT_MINUTES``): a holder
that never lets go (an `sdr run` stopped mid-pull) then stops it with that one line, a state that
clears itself, so the run queue goes on."""

from __future__ import annotations

import fcntl
import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import dagster as dg

from sdr_assets.play_state import CLEARS_ITSELF


class FeedHeld(dg.Failure):
    """Another process held the feed for longer than a run waits for it."""

    def __init__(self, description: str) -> None:
        super().__init__(description=description, metadata={CLEARS_ITSELF: True}, allow_retries=False)


def claim_path(warehouse_path: str) -> Path:
    return Path(f"{os.path.realpath(warehouse_path)}.feed-lock")  # one claim, whatever path names the file


@contextmanager
def feed_claimed(warehouse_path: str, wait_seconds: float, told: Callable[[str], None]) -> Iterator[None]:
    """Hold the feed of the warehouse at ``warehouse_path`` for the block, waiting up to ``wait_seconds``
    for another run's claim after ``told`` who holds it (:class:`FeedHeld` then); a warehouse in memory,
    or a folder that takes no lock, is claimed by this process alone."""
    if warehouse_path == ":memory:":
        yield
        return
    path = claim_path(warehouse_path)
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    except OSError:  # a folder this user may not write in: the warehouse itself refuses the run's writes
        yield
        return
    try:
        if _claim(fd):
            holder = f"process {pid}" if (pid := _holder(fd)) else "another process"
            told(f"The signal feed is being pulled by {holder} ({path}): this run waits up to "
                 f"{wait_seconds / 60:g} min for it, then reads on from where it stopped")
            deadline = time.monotonic() + wait_seconds
            while _claim(fd):
                if time.monotonic() >= deadline:
                    raise FeedHeld(f"The signal feed was held by {holder} for over {wait_seconds / 60:g} min "
                                   f"({path}); the next run pulls it")
                time.sleep(0.25)
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        yield
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
