"""Whether a process still runs: a pid left behind in a file names a live process or a dead one."""

from __future__ import annotations

import os


def running(pid: int) -> bool:
    """Whether a process ``pid`` runs on this machine (one of another user's counts)."""
    if pid <= 0:  # 0 and below name process groups, never one process
        return False
    try:
        os.kill(pid, 0)
    except PermissionError:
        return True
    except (OSError, OverflowError):
        return False
    return True
