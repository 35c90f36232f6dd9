"""When a file's recorded size and modification time may hide a change: git's "racy entries".

File times are coarse on some file systems (FAT, HFS+, many network mounts: one or two seconds), so
a file rewritten at the same size soon after it was hashed can keep its size and time. Its record is
trusted only once it was hashed well after that time; before, the bytes are hashed again.
"""

from __future__ import annotations

RACY_NS = 2_000_000_000


def racy(hashed_ns: int | None, mtime_ns: int) -> bool:
    """True when a file of this modification time was hashed (wall clock, ns) too soon after it, or
    at an unrecorded time, for its size and time to vouch for its bytes."""
    return hashed_ns is None or hashed_ns - mtime_ns <= RACY_NS
