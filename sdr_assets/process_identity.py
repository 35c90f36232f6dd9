"""Who a process is, told without the clock: this machine's boot, the process's number, and when it
began counted in clock ticks since that boot (Linux ``/proc``), none of which a clock set forward or
back moves. The same identity read again is the same process; after a reboot, or in a restarted
container whose numbers start again from 1, a number names another process, whose identity differs."""

from __future__ import annotations

import time
from pathlib import Path

PROC = Path("/proc")


def _boot() -> str:
    return (PROC / "sys/kernel/random/boot_id").read_text(encoding="ascii").strip()


def of(pid: int) -> str | None:
    """``pid``'s identity, or None where it cannot be read: no such process, or no ``/proc``."""
    try:
        boot = _boot()
        stat = (PROC / str(pid) / "stat").read_text(encoding="utf-8", errors="replace")
    except (OSError, ValueError):
        return None
    # The fields after the command's name (in parentheses, perhaps with spaces) start at the 3rd; the
    # start is the 22nd.
    fields = stat.rpartition(")")[2].split()
    return f"{boot}/{pid}/{fields[19]}" if len(fields) > 19 else None


def this_system() -> str | None:
    """The identity of this machine, or of the container it runs in: its first process's."""
    return of(1)


def clock() -> tuple[str, float] | None:
    """This machine's boot and how far its clock reads past the time counted since that boot: it moves
    only when the clock is set (NTP stepping it), so unmoved between two reads, the clock was not set."""
    try:
        return _boot(), time.time() - time.clock_gettime(time.CLOCK_BOOTTIME)
    except (AttributeError, OSError, ValueError):  # not Linux
        return None
