"""What a file's times say: whether a writer may still be at it, and whether its record may hide a
change (git's "racy entries").

A file whose modification time is recent may be half written: it is read only once it has been
still (no write, so neither size nor time moved) for a settle interval.

File times are coarse on some file systems (FAT, HFS+, many network mounts: one or two seconds), so
a file rewritten at the same size soon after it was hashed can keep its size and time. Its record is
trusted only once it was hashed well after that time; before, the bytes are hashed again.
"""

from __future__ import annotations

RACY_NS = 2_000_000_000
# Past the coarsest file clock's tick (RACY_NS), so a write in the same tick still counts as recent.
SETTLE_SECONDS = 5.0


def racy(hashed_ns: int | None, mtime_ns: int) -> bool:
    """True when a file of this modification time was hashed (wall clock, ns) too soon after it, or
    at an unrecorded time, for its size and time to vouch for its bytes."""
    return hashed_ns is None or hashed_ns - mtime_ns <= RACY_NS


def settling(mtime_ns: int, now_ns: int, settle_seconds: float) -> bool:
    """True while a file last changed less than ``settle_seconds`` before ``now_ns`` (wall clock, ns),
    or at a time ahead of it: its writer may not be done. Never with a settle interval of 0."""
    return settle_seconds > 0 and now_ns - mtime_ns < settle_seconds * 1e9
