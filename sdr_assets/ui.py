"""Start `dagster dev` on 127.0.0.1 so that Ctrl-C (SIGINT) and SIGTERM stop it cleanly.

A shell starts background jobs with SIGINT ignored, and an ignored signal stays ignored across
exec; dagster dev then cannot be interrupted. Resetting both to their defaults first fixes that.
"""

from __future__ import annotations

import os
import shutil
import signal
import sys

from sdr_assets.instance import ensure_dagster_home


def main(argv: list[str] | None = None) -> None:
    host = os.environ.get("SDR_UI_HOST", "127.0.0.1")
    port = os.environ.get("SDR_UI_PORT", "3000")
    ensure_dagster_home()
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, signal.SIG_DFL)
    dagster = shutil.which("dagster", path=os.path.dirname(sys.executable)) or "dagster"
    args = [dagster, "dev", "-h", host, "-p", port, "-m", "sdr_assets.definitions", *(argv or [])]
    print(f"Dagster UI: http://{host}:{port}  (Ctrl-C to stop)", flush=True)
    os.execv(dagster, args)


if __name__ == "__main__":
    main(sys.argv[1:])
