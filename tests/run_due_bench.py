"""What one `run_due` costs on the suite's seeded world: the test suite's most repeated piece of work.

Generates the 300-company world the tests use, then, in this process, runs the ``two_plays_sent``
opening (two plays approved, then `run_due`) on a fresh copy of it and a fresh in-memory instance,
``--runs`` times after one warm-up, and prints the CPU seconds of each: the fastest, the median
and the slowest. The world's size barely moves them: Dagster's work for each run and step does.

    python -m tests.run_due_bench --runs 8
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path


def run_due_seconds(runs: int, folder: Path) -> list[float]:
    """CPU seconds of each of ``runs`` openings, after one that warms the process up."""
    from sdr_assets.demo.world import generate_world
    from tests.conftest import PLAYS, WORLD_NOW
    from tests.memory_instance import memory_instance
    from tests.openings import two_plays_sent

    template = folder / "template"
    shutil.copytree(PLAYS, template / "plays")
    generate_world(template, seed=11, n_companies=300, now=WORLD_NOW)
    seconds = []
    for index in range(runs + 1):
        root = folder / f"run-{index}"
        shutil.copytree(template, root)
        instance = memory_instance()
        started = time.process_time()
        two_plays_sent(root, instance)
        seconds.append(time.process_time() - started)
        instance.dispose()
        shutil.rmtree(root)
    return seconds[1:]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=8, help="timed runs after the warm-up")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        seconds = run_due_seconds(args.runs, Path(folder))
    print(f"run_due with two plays sending, {args.runs} runs: CPU {min(seconds):.3f} s at best, "
          f"{statistics.median(seconds):.3f} s at the median, {max(seconds):.3f} s at worst")
    return 0


if __name__ == "__main__":
    sys.exit(main())
