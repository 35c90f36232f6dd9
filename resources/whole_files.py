"""Files put in place whole: written beside their path and synced, then renamed over it or linked to it,
so that a reader never sees half of one; whatever happens, the file beside it is gone."""

from __future__ import annotations

import os
from pathlib import Path

PARTIAL = ".partial"  # how a file being written beside its path ends


def _write_synced(path: Path, data: bytes, mode: int) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, mode)
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())


def replace_whole(path: Path, data: bytes) -> None:
    """Put ``data`` at ``path`` whole: a reader sees the last version or the new one."""
    partial = path.with_name(f".{path.name}.{os.getpid()}{PARTIAL}")
    try:
        _write_synced(partial, data, 0o666)
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)


def create_once(path: Path, data: bytes) -> bool:
    """Write ``data`` at ``path`` (mode 0600, as keys are) unless a file is there by the time it is
    linked, so the file another process wrote first is the one kept; True if this call wrote it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    aside = path.with_name(f".{path.name}.{os.getpid()}")
    try:
        _write_synced(aside, data, 0o600)
        os.link(aside, path)  # never replaces a file another process linked meanwhile
    except FileExistsError:
        return False
    finally:
        aside.unlink(missing_ok=True)
    return True
