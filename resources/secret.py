"""The project's secret: from ``SDR_SECRET``, or generated once under the data folder (mode 0600)."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

SECRET_FILE = "secret.key"


def load_secret(data_dir: str | Path, environ: dict[str, str] | None = None) -> bytes:
    """The secret that signs unsubscribe tokens and Message-IDs. Never committed, never printed."""
    env = os.environ if environ is None else environ
    if env.get("SDR_SECRET"):
        return env["SDR_SECRET"].encode()
    path = Path(data_dir) / SECRET_FILE
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        # Written aside, then linked into place: a reader never sees a half-written secret.
        tmp = path.with_name(f".{SECRET_FILE}.{os.getpid()}")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w") as fh:
            fh.write(secrets.token_hex(32))
            fh.flush()
            os.fsync(fh.fileno())
        try:
            os.link(tmp, path)
        except FileExistsError:  # another process won the race: use theirs
            pass
        finally:
            tmp.unlink()
    return path.read_bytes().strip()
