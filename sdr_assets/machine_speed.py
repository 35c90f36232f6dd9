"""One figure for how fast this machine runs Python now, printed beside every timing that a goal judges.

The suite's and the pipeline's seconds are mostly the interpreter's own work (Dagster's step
machinery, our asset code), so they move with the machine: the same commit has taken 1.7 times as
long on one shared 2-core machine as on another. A timing compares with another only next to this
figure. The workload is fixed, pure Python and single-threaded (arithmetic, dict and string work);
its result is a checksum, so a test can tell that all of it ran.
"""

from __future__ import annotations

import argparse
import time

SIZE = 1_000_000
MODULUS = 1_000_003


def workload(size: int = SIZE) -> int:
    """The sum of the squares below ``size`` modulo ``MODULUS``, plus the sum of the numbers below
    ``size``, computed one number at a time through a dict keyed by strings."""
    totals: dict[str, int] = {}
    squares = 0
    for i in range(size):
        key = f"k{i % 1000}"
        totals[key] = totals.get(key, 0) + i
        squares = (squares + i * i) % MODULUS
    return squares + sum(totals.values())


def reference_seconds(repeats: int = 5, size: int = SIZE) -> float:
    """The fastest of ``repeats`` timed runs of ``workload``: the run other work disturbed least."""
    best = float("inf")
    for _ in range(repeats):
        started = time.perf_counter()
        workload(size)
        best = min(best, time.perf_counter() - started)
    return round(best, 3)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m sdr_assets.machine_speed", description=__doc__.split("\n")[0])
    parser.add_argument("--repeats", type=int, default=5, help="timed runs of the workload; the fastest is printed")
    repeats = parser.parse_args(argv).repeats
    if repeats < 1:
        parser.error("--repeats must be at least 1")
    print(f"reference workload: {reference_seconds(repeats):.3f} s (the fastest of {repeats} "
          f"run{'s' if repeats > 1 else ''})")


if __name__ == "__main__":
    main()
