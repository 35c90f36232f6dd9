"""`sdr serve` started as its own process, as a person starts it, on a port the system picks.

Its first line says where it listens; a service that exits or hangs before saying so fails the test
that started it with the reason, instead of blocking it for ever.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from pathlib import Path

SDR = str(Path(sys.executable).with_name("sdr"))
START_SECONDS = 60.0


def read_line(process: subprocess.Popen, seconds: float = START_SECONDS) -> str:
    """The next line ``process`` prints; AssertionError (the process killed) when none comes in
    ``seconds`` or it exits first."""
    lines: list[str] = []
    reader = threading.Thread(target=lambda: lines.append(process.stdout.readline()), daemon=True)
    reader.start()
    reader.join(seconds)
    if lines and lines[0]:
        return lines[0]
    hung = reader.is_alive()
    process.kill()
    process.wait(20)
    reader.join(20)  # the pipe ends with the process: the read returns before the pipe is closed
    process.stdout.close()
    raise AssertionError(f"sdr serve printed no line in {seconds:g} s" if hung else
                         f"sdr serve exited ({process.returncode}) before it printed a line; its stderr is above")


def start_serve(data_dir: str | Path, *args: str, **env: str) -> tuple[subprocess.Popen, str]:
    """`sdr serve` for ``data_dir`` with ``args``, configured by ``env`` alone (no inherited ``SDR_``
    setting) on a free port unless ``env`` names one, and the address it says it listens on."""
    environ = {k: v for k, v in os.environ.items() if not k.startswith("SDR_")}
    environ.update({"SDR_DATA_DIR": str(data_dir), "SDR_SERVE_PORT": "0", **env})
    process = subprocess.Popen([SDR, "serve", *args], env=environ, stdout=subprocess.PIPE, text=True)
    line = read_line(process)
    if "listening on " not in line:
        process.kill()
        process.wait(20)
        process.stdout.close()
        raise AssertionError(f"sdr serve did not say where it listens: {line!r}")
    return process, line.split("listening on ")[1].split()[0]

