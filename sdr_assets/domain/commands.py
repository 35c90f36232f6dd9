"""`sdr` commands as printed for a person to paste, reaching the data of the mode they were printed in.

Every command works on the live data folder unless ``SDR_MODE`` says otherwise, so a command printed
in the demo carries ``SDR_MODE=demo`` (and ``SDR_DEMO_DIR`` where that moved the demo's folder).
"""

from __future__ import annotations

import shlex

DEMO_MODE = "demo"


def sdr_command(args: str, mode: str = "live", demo_dir: str | None = None) -> str:
    """``sdr ARGS`` as a shell runs it on the data of ``mode``."""
    if mode != DEMO_MODE:
        return f"sdr {args}"
    folder = f"SDR_DEMO_DIR={shlex.quote(demo_dir)} " if demo_dir else ""
    return f"SDR_MODE={DEMO_MODE} {folder}sdr {args}"
