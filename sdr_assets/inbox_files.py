"""The inbox's own files: a symbolic link in it is never followed.

A link could name any file the pipeline may read (``/etc/passwd``, another team's export). Its own
record (``lstat``) and its text stand for it, so a run and the sensor see the same file, and a run
quarantines it with :data:`LINK_REFUSAL` instead of reading what it points to. A file is opened
without following a link, and what was opened must be the file of the record taken earlier: one
swapped since (a link put in its place, whatever size and time it was given) raises
:class:`FileReplaced`, and the caller leaves it for the next look.
"""

from __future__ import annotations

import errno
import hashlib
import os
import stat
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO, TypeVar

LINK_REFUSAL = "not read: a symbolic link, and the inbox reads only the files in it"
# Never through a link; never blocking on a pipe put in the file's place (its record then differs).
_FLAGS = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
T = TypeVar("T")


class FileReplaced(Exception):
    """The path no longer names the file of its earlier record: it was swapped since."""


def is_link(record: os.stat_result) -> bool:
    return stat.S_ISLNK(record.st_mode)


def limit_raised(digest: str, record: os.stat_result, max_file_bytes: int) -> bool:
    """Whether a file set aside for its size (recorded unhashed, ``digest`` empty) is within the
    limit now: the next run reads it, and the signals sensor asks for one."""
    return digest == "" and not is_link(record) and record.st_size <= max_file_bytes


def _same(record: os.stat_result, now: os.stat_result) -> bool:
    return ((record.st_dev, record.st_ino, stat.S_IFMT(record.st_mode))
            == (now.st_dev, now.st_ino, stat.S_IFMT(now.st_mode)))


def _read(path: Path, record: os.stat_result, text: Callable[[bytes], T], read: Callable[[BinaryIO], T]) -> T:
    """``text`` of a link's own text, or ``read`` of the open file, if the path is still ``record``'s."""
    if is_link(record):
        try:
            target = os.fsencode(os.readlink(path))
        except OSError as exc:
            if exc.errno == errno.EINVAL:  # no longer a link
                raise FileReplaced(str(path)) from None
            raise
        if not _same(record, os.lstat(path)):
            raise FileReplaced(str(path))
        return text(target)
    try:
        fd = os.open(path, _FLAGS)
    except OSError as exc:
        if exc.errno == errno.ELOOP:  # a link put in the file's place, which O_NOFOLLOW refuses
            raise FileReplaced(str(path)) from None
        raise
    with os.fdopen(fd, "rb") as file:
        if not _same(record, os.fstat(file.fileno())):  # where O_NOFOLLOW is missing, a link's target too
            raise FileReplaced(str(path))
        return read(file)


def own_bytes(path: Path, record: os.stat_result) -> bytes:
    """The bytes of the file ``record`` (its ``lstat``) describes, or a link's own text; FileReplaced if
    the path names another file now."""
    return _read(path, record, lambda target: target, lambda file: file.read())


def own_digest(path: Path, record: os.stat_result) -> str:
    """The SHA-256 of :func:`own_bytes`, a file's read in blocks: it may be larger than memory allows."""
    return _read(path, record, lambda target: hashlib.sha256(target).hexdigest(),
                 lambda file: hashlib.file_digest(file, "sha256").hexdigest())
