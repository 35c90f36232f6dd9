"""Append-only logs of JSON lines that other processes write while the pipeline holds the warehouse.

A line is appended whole under an exclusive ``flock`` and fsynced before its writer answers; a
reader takes complete lines only, so a line cut short by a crash is read once it is whole, or
never. A write that fails (disk full) raises and is undone; a torn tail it could not undo (a crash)
is ended by the next append's newline, so only that fragment is read as a bad line.

A reader resumes from a :class:`Cursor`: the byte offset it reached, the identity of the file it
reached it in (a digest of the file's first line), a digest of the line that ends at the offset and,
where the reader keeps one, a digest of every byte before it. A log replaced since (rotated, moved
aside, restored from a copy, even one grown past the offset again, or rewritten in place at the
same size with its first and last lines kept) is read from its start whatever its size, so no line
in the new file is skipped for lying before the old offset. A log rotated before its last lines
were read is read beside the new one (``optouts.jsonl.1``, ``optouts.jsonl-20261203``, gzipped or
not): the file the cursor was taken in from the offset, known by its first line, and every other
rotated file whole.
"""

from __future__ import annotations

import fcntl
import gzip
import hashlib
import os
import zlib
from dataclasses import dataclass, replace
from pathlib import Path

_HEAD_BYTES = 4096  # a first line longer than this is known by its first 4 KiB
_CHUNK_BYTES = 1 << 20  # what the bytes before an offset are hashed by, never all held at once
# The head of a log read before it had a line (missing or empty): any file found later, and every
# file rotated beside it, holds lines not read yet.
NO_LINE = "-"
_MISSING = -1  # the inode of a cursor taken while the file was missing


@dataclass(frozen=True)
class Cursor:
    offset: int = 0
    head: str = ""  # digest of the first line of the file read; "" where a stored offset predates it
    inode: int | None = None  # the file last read: same file, same size, same status, nothing new
    tail: str = ""  # digest of the line that ends at ``offset``; "" where a stored offset predates it
    changed: int | None = None  # the file's status change time when read, with ``inode``
    # SHA-256 of every byte before ``offset``; "" where the reader keeps none. A read from the start
    # gives one, and a read from a cursor with one (or with a tail) carries it on.
    prefix: str = ""


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
    every message, and almost always nothing was appended. A rewrite in place at the same size moves
    the status change time. A file that cannot be looked at (a folder this user may not search)
    raises, never reads as missing: its lines may be opt-outs."""
    try:
        stat = os.stat(path)
    except FileNotFoundError:
        # Missing, as it was when this process last read it; any other cursor (one stored, a first
        # one) is read, for what may have been written and rotated away since.
        return since.offset == 0 and since.inode == _MISSING
    return (since.inode is not None and stat.st_size == since.offset and stat.st_ino == since.inode
            and stat.st_ctime_ns == since.changed)


def read(path: Path, since: Cursor = Cursor(), keep_digest: bool = True) -> tuple[list[bytes], Cursor]:
    """The complete lines after ``since``, and the cursor after them: with the digest of the bytes before
    it unless ``keep_digest`` is false (a reader that keeps none pays for none).

    A file :func:`unchanged` since is answered without opening it. Otherwise its first line, the
    line ending at the offset and the digest of the bytes before it (where ``since`` has one) say
    whether it is the file ``since`` was taken in, as it was; if not, or if it is shorter than the
    offset, it is read from the start, after what the file ``since`` was taken in still holds past
    the offset where it lies rotated beside it.
    """
    if unchanged(str(path), since):
        return [], since
    try:
        fh = open(path, "rb")
    except FileNotFoundError:
        return _rotated(path, since), Cursor(head=NO_LINE, inode=_MISSING)
    with fh:
        stat = os.fstat(fh.fileno())
        head = _head(fh.readline(_HEAD_BYTES))
        same = not since.head or head == since.head
        # The digest of the bytes before the offset covers the line ending there.
        kept, digest = _kept(fh, since, keep_digest) \
            if same and 0 <= since.offset <= stat.st_size and (since.prefix or _ends_at(fh, since)) else (False, None)
        start = since.offset if kept else 0
        fh.seek(start)
        data = fh.read(stat.st_size - start)
    complete = data[: data.rfind(b"\n") + 1]
    earlier = [] if same else _rotated(path, since)
    tail = _tail(complete) if complete else since.tail if start == since.offset else ""
    offset = start + len(complete)
    if start == 0:
        digest = hashlib.sha256() if keep_digest else None
    if digest is not None:
        digest.update(complete)
    return earlier + complete.splitlines(), replace(since, offset=offset, head=head or (NO_LINE if not offset else ""),
                                                     inode=stat.st_ino, tail=tail, changed=stat.st_ctime_ns,
                                                     prefix=digest.hexdigest() if digest is not None else "")


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:16]


def _head(first: bytes) -> str:
    """The identity of a file whose first line (at most 4 KiB of it) is ``first``; "" while incomplete."""
    return _digest(first) if first.endswith(b"\n") or len(first) == _HEAD_BYTES else ""


def _tail(complete: bytes) -> str:
    """The digest of the last line of ``complete`` (its last 4 KiB)."""
    chunk = complete[-_HEAD_BYTES:]
    return _digest(chunk[chunk.rfind(b"\n", 0, len(chunk) - 1) + 1:])


def _ends_at(fh, since: Cursor) -> bool:
    """Whether the line ending at ``since.offset`` in the open file is the one ``since`` read last."""
    if not since.tail or since.offset == 0:
        return True
    fh.seek(max(0, since.offset - _HEAD_BYTES))
    return _read_last(fh.read(since.offset - fh.tell()), since)


def _kept(fh, since: Cursor, keep_digest: bool) -> tuple:
    """Whether the open file's bytes before ``since.offset`` are those ``since`` read, and their
    SHA-256 to go on with. A reader that keeps only an offset and a head (the ledgers' logs) keeps no
    digest either; one that keeps a tail but no digest (stored before digests were) gains one where it
    keeps digests, trusting those bytes as far as its tail goes."""
    if not since.prefix and not (since.tail and keep_digest):
        return True, None
    digest = hashlib.sha256()
    fh.seek(0)
    left = since.offset
    while left:
        chunk = fh.read(min(left, _CHUNK_BYTES))
        if not chunk:
            break
        digest.update(chunk)
        left -= len(chunk)
    return not since.prefix or digest.hexdigest() == since.prefix, digest


def _read_last(before: bytes, since: Cursor) -> bool:
    """Whether ``before``, what a file holds up to ``since.offset``, ends with the line ``since`` read
    last (True where unknown)."""
    return not since.tail or since.offset == 0 or (before.endswith(b"\n") and _tail(before) == since.tail)


def identity(path: Path) -> tuple | None:
    """What tells one log file from another at ``path`` (its inode, which a new file may reuse, and
    its first line); None while there is none."""
    try:
        with open(path, "rb") as fh:
            found = os.fstat(fh.fileno())
            return found.st_dev, found.st_ino, _head(fh.readline(_HEAD_BYTES))
    except FileNotFoundError:
        return None


def _rotated(path: Path, since: Cursor) -> list[bytes]:
    """The complete lines of the logs rotated beside ``path`` (names that start with its own), once the
    file ``since`` was taken in is no longer there: that file from the offset, where its first and
    last-read lines say it is the one, and every other one whole. A rotation may have happened more
    than once since (each file between holds clicks), and a copy may share the first line; reading
    them all loses none, and what was read before is keyed, so it adds nothing."""
    if not since.head:
        return []
    lines: list[bytes] = []
    for sibling in rotated(path):
        data = _contents(sibling)
        if data is None:
            continue
        first = data[:data.find(b"\n", 0, _HEAD_BYTES) + 1] or data[:_HEAD_BYTES]  # as readline(4 KiB) reads it
        ours = (_head(first) == since.head and since.offset <= len(data) and _read_last(data[:since.offset], since)
                and (not since.prefix or hashlib.sha256(data[:since.offset]).hexdigest() == since.prefix))
        rest = data[since.offset if ours else 0:]
        lines += rest[: rest.rfind(b"\n") + 1].splitlines()
    return lines


def rotated(path: Path) -> list[Path]:
    """The files rotated beside ``path`` (names that start with its own), in order of name."""
    try:
        return sorted(p for p in path.parent.iterdir() if p.name.startswith(path.name) and p != path)
    except OSError:
        return []


def _contents(path: Path) -> bytes | None:
    """A rotated log's bytes, gunzipped for ``.gz``; None for what is no readable log (a folder, a
    damaged or other compression, a file this user may not read)."""
    try:
        with (gzip.open if path.suffix == ".gz" else open)(path, "rb") as fh:
            return fh.read()
    except (OSError, EOFError, zlib.error):
        return None
