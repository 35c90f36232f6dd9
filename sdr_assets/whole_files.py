"""Files put in place whole: written beside their path, synced, then renamed over it, so that a reader
sees the last version or the new one, never half of one."""

from __future__ import annotations

import os
from pathlib import Path


def replace_whole(path: Path, data: bytes) -> None:
    """Put ``data`` at ``path`` whole; the file beside it is gone whatever happens."""
    partial = path.with_name(f".{path.name}.{os.getpid()}.partial")
    try:
        with partial.open("wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)
