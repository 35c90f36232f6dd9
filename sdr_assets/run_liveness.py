"""Whether an `sdr run`'s run still goes on, wherever its process runs: while the run goes on, the
process holds an exclusive ``flock`` on a file in the run history's folder, which the operating
system drops when the process dies (``kill -9``, its container stopped, a machine that lost power).
A pid says nothing of a process in another container sharing that folder: its pids are not ours."""

from __future__ import annotations

import fcntl
import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

TAG = "sdr/run_lock"  # the run tag naming the lock its process holds: the run's own id
FOLDER = "run_locks"


def _path(home: str | Path, token: str) -> Path:
    return Path(home) / FOLDER / f"{token}.lock"


@contextmanager
def held(home: str | Path | None) -> Iterator[dict[str, str]]:
    """Hold a new lock in ``home`` for the run begun inside: the tags that name it, its token the id
    the run is to take; none where the lock cannot be made (the pid then says whether the run goes on)."""
    path = _path(home, str(uuid.uuid4())) if home else None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    except (AttributeError, OSError):  # no folder (None), or one this user may not write in
        yield {}
        return
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
    except OSError:  # a filesystem that takes no locks: the pid says whether the run goes on
        os.close(fd)
        path.unlink(missing_ok=True)
        yield {}
        return
    try:
        yield {TAG: path.stem}
    finally:
        path.unlink(missing_ok=True)
        os.close(fd)


def released(home: str | Path, token: str) -> bool:
    """Whether the process that held ``token``'s lock let it go: it died, or its run ended (the file
    is then removed); the lock of a live process is held."""
    path = _path(home, token)
    try:
        fd = os.open(path, os.O_RDWR)
    except FileNotFoundError:
        return True
    except OSError:  # a folder this user may not read: not known to be gone
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    else:
        path.unlink(missing_ok=True)
    finally:
        os.close(fd)
    return True
