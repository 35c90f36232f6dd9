"""Append-only logs of JSON lines that other processes write while the pipeline holds the warehouse.

A line is appended whole under an exclusive ``flock`` and fsynced before its writer answers; a
reader takes complete lines only, so a line cut short by a crash is read once it is whole, or
never. A write that fails (disk full) raises and is undone; a torn tail it could not undo (a crash)
is ended by the next append's newline, so only that fragment is read as a bad line.

A reader resumes from a :class:`Cursor`: the byte offset it reached and the identity of the file
it reached it in, a digest of the file's first line. A log replaced since (rotated, moved aside,
restored from a copy) is read from its start whatever its size, so no line in the new file is
skipped for lying before the old offset.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
from dataclasses import dataclass, replace
from pathlib import Path

_HEAD_BYTES = 4096  # a first line longer than this is known by its first 4 KiB


@dataclass(frozen=True)
class Cursor:
    offset: int = 0
    head: str = ""  # digest of the first line of the file read; "" where a stored offset predates it
    inode: int | None = None  # the file last read, in this process: same file, same size, nothing new


def append(path: Path, line: bytes) -> None:
    """Append ``line`` (ending in a newline) and fsync it; returns only once it is on disk, else raises OSError."""
    created = not path.exists()
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_APPEND | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)  # one whole line at a time, across processes
        _write_line(fd, line)
        os.fsync(fd)
    finally:
        os.close(fd)
    if created:  # the new file's directory entry must survive a crash too
        dir_fd = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)


def _write_line(fd: int, line: bytes) -> None:
    """Write all of ``line`` on a line of its own, or take back what was written and raise."""
    size = os.fstat(fd).st_size
    if size and os.pread(fd, 1, size - 1) != b"\n":
        line = b"\n" + line  # a torn tail from a crash: end it, never glue onto it
    try:
        written = 0
        while written < len(line):  # a short write (disk or quota full) leaves the rest to write
            written += os.write(fd, line[written:])
    except OSError:
        try:
            os.ftruncate(fd, size)
        except OSError:
            pass  # the next append starts on a fresh line all the same
        raise


def unchanged(path: str, since: Cursor) -> bool:
    """Whether the file at ``path`` is as ``since`` left it, by one ``stat``: the send step asks before
    every message, and almost always nothing was appended. A file that cannot be looked at (a folder
    this user may not search) raises, never reads as missing: its lines may be opt-outs."""
    try:
        stat = os.stat(path)
    except FileNotFoundError:
        return since.inode is None and since.offset == 0  # missing, as it was when last read
    return since.inode is not None and stat.st_size == since.offset and stat.st_ino == since.inode


def read(path: Path, since: Cursor = Cursor()) -> tuple[list[bytes], Cursor]:
    """The complete lines after ``since``, and the cursor after them.

    A file :func:`unchanged` since is answered without opening it. Otherwise the file's first line
    says whether it is the file ``since`` was taken in; if not, or if it is shorter than the offset,
    it is read from the start.
    """
    if unchanged(str(path), since):
        return [], since
    try:
        fh = open(path, "rb")
    except FileNotFoundError:
        return [], Cursor()
    with fh:
        stat = os.fstat(fh.fileno())
        first = fh.readline(_HEAD_BYTES)
        head = hashlib.sha256(first).hexdigest()[:16] if first.endswith(b"\n") or len(first) == _HEAD_BYTES else ""
        same = not since.head or head == since.head
        start = since.offset if same and 0 <= since.offset <= stat.st_size else 0
        fh.seek(start)
        data = fh.read(stat.st_size - start)
    complete = data[: data.rfind(b"\n") + 1]
    return complete.splitlines(), replace(since, offset=start + len(complete), head=head, inode=stat.st_ino)
