"""Who a process is, told without the clock: this machine's boot, the process's number, and when it
began counted in clock ticks since that boot (Linux ``/proc``), none of which a clock set forward or
back moves. The same identity read again is the same process; after a reboot, or in a restarted
container whose numbers start again from 1, a number names another process, whose identity differs."""

from __future__ import annotations

from pathlib import Path

PROC = Path("/proc")


def of(pid: int) -> str | None:
    """``pid``'s identity, or None where it cannot be read: no such process, or no ``/proc``."""
    try:
        boot = (PROC / "sys/kernel/random/boot_id").read_text(encoding="ascii").strip()
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
