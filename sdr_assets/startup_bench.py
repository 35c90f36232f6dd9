"""How long `sdr` takes to answer, and which heavy packages each command imports.

    python -m sdr_assets.startup_bench [--runs 5] [--root DIR]

Each command runs in a fresh interpreter on an empty data folder with the shipped plays (and a
Dagster instance of its own there); the figure is the median over the runs of the wall time and of
the CPU time (user + system, which depends little on the machine's load), from start to exit.
`sdr run` comes after the quick commands: its first run builds the empty warehouse, the others find
nothing new; then `sdr approve` (after the runs, so that they send nothing); `sdr serve` last, timed
until it listens.
``--root`` times another checkout of the project (for a before/after comparison:
``git archive main | tar -x -C /tmp/before``).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
COMMANDS = (("--help",), ("status",), ("plays", "list"), ("plays", "show", "revops-hiring"), ("plays", "schema"),
            ("inbox",), ("suppress", "list"), ("referrals", "list"), ("meetings", "list"), ("sends", "unresolved"),
            ("tasks", "list"), ("run",), ("approve", "revops-hiring", "--by", "Bench"))
HEAVY = ("dagster", "polars", "great_expectations", "pandas")
# What the `sdr` script does, then a report of the packages the command imported. A checkout from
# before the script entered through `main` is run through its Typer app, as its script did.
DRIVER = """
import json, sys
import sdr_assets.cli as cli
try:
    if hasattr(cli, "main"):
        cli.main(sys.argv[1:])
    else:
        cli.app(sys.argv[1:], prog_name="sdr")
except SystemExit as exc:
    code = exc.code
sys.stderr.write("\\nIMPORTED " + json.dumps(sorted({m.split(".")[0] for m in sys.modules})) + "\\n")
sys.exit(code)
"""
# `sdr serve` up to the point where it would serve requests: built, bound and announced, it returns.
SERVE_ONCE = "import uvicorn\nuvicorn.Server.run = lambda self, sockets=None: None\n"


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def time_command(args: tuple[str, ...], root: Path, env: dict[str, str], runs: int, prelude: str = ""
                 ) -> tuple[float, float, list[str]]:
    """Median wall and CPU seconds over ``runs`` fresh interpreters, and the heavy packages imported.

    CPU time (user + system) depends little on what else the machine runs; wall time does.
    ``prelude`` runs before the driver (``SERVE_ONCE``).
    """
    walls, cpus, imported = [], [], []
    for _ in range(runs):
        started, cpu = time.perf_counter(), _cpu()
        done = subprocess.run([sys.executable, "-c", prelude + DRIVER, *args], cwd=root, env=env,
                              capture_output=True, text=True, check=False)
        walls.append(time.perf_counter() - started)
        cpus.append(_cpu() - cpu)
        imported = json.loads(done.stderr.rpartition("IMPORTED ")[2] or "[]")
    return statistics.median(walls), statistics.median(cpus), [name for name in HEAVY if name in imported]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--root", type=Path, default=ROOT, help="The checkout to time (default: this one).")
    options = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        shutil.copytree(options.root / "data" / "plays", Path(folder) / "plays")
        env = {**os.environ, "SDR_DATA_DIR": folder, "SDR_MODE": "live", "PYTHONPATH": str(options.root),
               "DAGSTER_HOME": str(Path(folder) / "dagster_home")}
        rows = [(f"sdr {' '.join(args)}", args, "") for args in COMMANDS]
        rows.append(("sdr serve (until it listens)", ("serve", "--port", "0"), SERVE_ONCE))
        width = max(len(label) for label, *_ in rows)
        print(f"sdr start-up, median of {options.runs} runs, {options.root}")
        print(f"{'command':<{width}} {'wall s':>7} {'cpu s':>7}  heavy packages imported")
        for label, args, prelude in rows:
            wall, cpu, heavy = time_command(args, options.root, env, options.runs, prelude)
            print(f"{label:<{width}} {wall:>7.2f} {cpu:>7.2f}  {', '.join(heavy) or '-'}")


if __name__ == "__main__":
    main()
