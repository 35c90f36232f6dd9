"""What a file's times say: whether a writer may still be at it, and whether its record may hide a
change (git's "racy entries").

A file whose modification time is recent may be half written: it is read only once it has been
still (no write, so neither size nor time moved) for a settle interval. A file dated ahead of the
clock (a writer's clock a little fast) waits for the clock to pass its time by that interval. One
dated further ahead (a bogus time a tool, an archive or a copy set) would wait for ever, so that time
is no age: its status change time is, which the system clock stamps on every write and on every change
of the file's times, and which no tool can set. Only when that too is far ahead (the clock of the file
system's server) is a file read when its size and time hold between the look before its read and the
one after. That holds where the status change time is one (POSIX): elsewhere (Windows) ``st_ctime``
is the creation time, so a file dated far ahead is read on those two looks alone.

File times are coarse on some file systems (FAT, HFS+, many network mounts: one or two seconds), so
a file rewritten at the same size soon after it was hashed can keep its size and time. Its record is
trusted only once it was hashed well after that time; before, the bytes are hashed again. A copy
made to keep the size and time moves the file's status (:func:`status`), which is compared too.
"""

from __future__ import annotations

import sys
from datetime import UTC, datetime
from typing import NamedTuple, Protocol

RACY_NS = 2_000_000_000
# Past the coarsest file clock's tick (RACY_NS), so a write in the same tick still counts as recent.
SETTLE_SECONDS = 5.0
STATUS_TIME = sys.platform != "win32"  # whether st_ctime is the status change time (else the creation time)


class FileStat(Protocol):
    """What these rules read of an ``os.stat_result``: the caller stats, the rules stay pure."""
    st_size: int
    st_mtime_ns: int
    st_ino: int
    st_ctime_ns: int


def status(stat: FileStat, status_time: bool = STATUS_TIME) -> tuple[int, int]:
    """What moves whenever a file's bytes do, even where its size and modification time were kept
    (``cp -p``, ``rsync -t``, ``touch -r`` after a rewrite): its inode, which a file renamed into its
    place changes, and its status change time, which every write or change of times sets from the
    system clock and no tool can set back. Where ``st_ctime`` is the creation time (``status_time``
    false: Windows) it is left out, as 0: the inode alone is compared."""
    return stat.st_ino, stat.st_ctime_ns if status_time else 0


class FileRecord(NamedTuple):
    """What a record keeps of a file it hashed: its size and times then, and when it was hashed (wall
    clock, ns); an inode and status time of None where the record predates them."""
    size: int
    mtime_ns: int
    hashed_ns: int | None
    inode: int | None
    ctime_ns: int | None


def vouches(record: FileRecord, stat: FileStat) -> bool:
    """Whether ``record`` vouches for the bytes of the file ``stat`` describes, so they need no hashing:
    the same size, modification time and status (:func:`status`), and hashed clear of that time."""
    return ((record.size, record.mtime_ns) == (stat.st_size, stat.st_mtime_ns)
            and (record.inode, record.ctime_ns) == status(stat) and not racy(record.hashed_ns, stat.st_mtime_ns))


def racy(hashed_ns: int | None, mtime_ns: int) -> bool:
    """True when a file of this modification time was hashed (wall clock, ns) too soon after it, or
    at an unrecorded time, for its size and time to vouch for its bytes."""
    return hashed_ns is None or hashed_ns - mtime_ns <= RACY_NS


def settling(mtime_ns: int, now_ns: int, settle_seconds: float) -> bool:
    """True while a file last changed less than ``settle_seconds`` before ``now_ns`` (wall clock, ns),
    or is dated at most that far ahead of it: its writer may not be done. Never with a settle
    interval of 0."""
    return settle_seconds > 0 and -settle_seconds * 1e9 <= now_ns - mtime_ns < settle_seconds * 1e9


def dated_ahead(mtime_ns: int, now_ns: int) -> str:
    """"dated in the future: <UTC time>" for a file dated after ``now_ns``, else ""."""
    if mtime_ns <= now_ns:
        return ""
    return f"dated in the future: {datetime.fromtimestamp(mtime_ns / 1e9, UTC):%Y-%m-%d %H:%M:%S} UTC"


def changed_at(mtime_ns: int, ctime_ns: int, now_ns: int, settle_seconds: float,
               status_time: bool = STATUS_TIME) -> int:
    """When the file last changed, as far as its times tell: its modification time, or its status change
    time when the former is further ahead of the clock than the settle interval and ``ctime_ns`` is one."""
    return ctime_ns if status_time and mtime_ns - now_ns > settle_seconds * 1e9 else mtime_ns


def waiting_note(name: str, mtime_ns: int, ctime_ns: int, now_ns: int, settle_seconds: float,
                 status_time: bool = STATUS_TIME) -> tuple[bool, str] | None:
    """None when the file may be read now; else (waiting for the clock to pass its time, what to say of
    it): its ``name``, with "(dated in the future: ...)" when its time is ahead of the clock's. One dated
    far ahead waits for no clock: it changed within the interval, as its status change time says."""
    changed_ns = changed_at(mtime_ns, ctime_ns, now_ns, settle_seconds, status_time)
    if not settling(changed_ns, now_ns, settle_seconds):
        return None
    ahead = dated_ahead(mtime_ns, now_ns)
    return changed_ns == mtime_ns and bool(ahead), f"{name} ({ahead})" if ahead else name
