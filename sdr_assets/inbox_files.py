"""The inbox's own files: a symbolic link in it is never followed.

A link could name any file the pipeline may read (``/etc/passwd``, another team's export). Its own
record (``lstat``) and its text stand for it, so a run and the sensor see the same file, and a run
quarantines it with :data:`LINK_REFUSAL` instead of reading what it points to.
"""

from __future__ import annotations

import hashlib
import os
import stat
from pathlib import Path

LINK_REFUSAL = "not read: a symbolic link, and the inbox reads only the files in it"


def is_link(record: os.stat_result) -> bool:
    return stat.S_ISLNK(record.st_mode)


def own_bytes(path: Path) -> bytes:
    """The file's bytes, or a link's own text. A file swapped for a link after its record was taken
    changes that record (``lstat``): the run sees it moved and leaves it for the next."""
    return os.fsencode(os.readlink(path)) if path.is_symlink() else path.read_bytes()


def own_digest(path: Path) -> str:
    """The SHA-256 of :func:`own_bytes`, a file's read in blocks: it may be larger than memory allows."""
    if path.is_symlink():
        return hashlib.sha256(os.fsencode(os.readlink(path))).hexdigest()
    with path.open("rb") as file:
        return hashlib.file_digest(file, "sha256").hexdigest()
