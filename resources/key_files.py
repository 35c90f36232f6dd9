"""Key files written once (mode 0600): aside, synced, then linked into place, so that a reader never
sees half of one and the file another process wrote first is the one kept."""

from __future__ import annotations

import os
from pathlib import Path


def create_once(path: Path, data: bytes) -> bool:
    """Write ``data`` at ``path`` unless a file is there by the time it is linked; True if this call wrote it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    aside = path.with_name(f".{path.name}.{os.getpid()}")
    fd = os.open(aside, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())
    try:
        os.link(aside, path)  # never replaces a file another process linked meanwhile
    except FileExistsError:
        return False
    finally:
        aside.unlink()
    return True
