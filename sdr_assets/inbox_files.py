"""The inbox's own files: a symbolic link in it is never followed.

A link could name any file the pipeline may read (``/etc/passwd``, another team's export). Its own
record (``lstat``) and its text stand for it, so a run and the sensor see the same file, and a run
quarantines it with :data:`LINK_REFUSAL` instead of reading what it points to.
"""

from __future__ import annotations

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
