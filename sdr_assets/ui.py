"""Start the Dagster UI and its daemon on 127.0.0.1, and stop both on Ctrl-C (SIGINT) or SIGTERM.

These are the two processes `dagster dev` starts; `dagster dev` itself warns at every start that
it is superseded by `dg dev`, which lives in a package of its own. A shell starts background jobs
with SIGINT ignored, and an ignored signal stays ignored across exec: handling both signals here
gives the children their defaults. When either process ends, the other is stopped too.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

from resources.stop_flag import StopFlag

STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)


def commands(host: str, port: str, bin_dir: Path) -> list[list[str]]:
    """The webserver and the daemon, both loading the project's definitions."""
    target = ["-m", "sdr_assets.definitions"]
    return [[str(bin_dir / "dagster-webserver"), "-h", host, "-p", port, *target],
            [str(bin_dir / "dagster-daemon"), "run", *target]]


def supervise(argvs: Sequence[Sequence[str]], grace_seconds: float = 60.0) -> int:
    """Run ``argvs`` until a stop signal arrives (0) or one of them ends or cannot start (its code, or
    1), then stop the rest with SIGTERM, and kill what is still running after ``grace_seconds``."""
    stop = StopFlag()
    previous = {sig: signal.signal(sig, stop.set) for sig in STOP_SIGNALS}
    processes: list[subprocess.Popen] = []
    try:
        for argv in argvs:  # one by one: those started before one that cannot start are stopped below
            try:
                processes.append(subprocess.Popen(list(argv)))
            except OSError as error:
                print(f"error: cannot start {argv[0]}: {error.strerror}", file=sys.stderr, flush=True)
                return 1
        while not stop.wait(0.5):
            for argv, process in zip(argvs, processes, strict=True):
                if process.poll() is not None:
                    print(f"{Path(argv[0]).name} ended with code {process.returncode}; stopping the rest",
                          file=sys.stderr, flush=True)
                    return process.returncode or 1
        return 0
    finally:
        for process in processes:
            if process.poll() is None:
                process.terminate()
        for process in processes:
            try:
                process.wait(timeout=grace_seconds)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def main() -> int:
    from resources.setting import SettingError, number
    from sdr_assets.instance import ensure_dagster_home  # imports Dagster: the supervisor needs not

    host = os.environ.get("SDR_UI_HOST", "127.0.0.1")
    try:
        port = number(os.environ, "SDR_UI_PORT", "3000", least=1, most=65535)
        ensure_dagster_home()
    except SettingError as error:  # a setting named, as `sdr` names it, not a traceback
        print(f"error: {error}", file=sys.stderr, flush=True)
        return 1
    print(f"Dagster UI: http://{host}:{port}  (Ctrl-C to stop)", flush=True)
    return supervise(commands(host, str(port), Path(sys.executable).parent))


if __name__ == "__main__":
    sys.exit(main())
