"""What Python's cyclic collector costs a pipeline run: collections and seconds per generation.

    python -m sdr_assets.collection_bench --accounts 100000
    python -m sdr_assets.collection_bench --accounts 100000 --thresholds 700,10,10

A seeded world as `sdr bench` makes it, one first run timed, each collection timed by a
``gc.callbacks`` hook. ``--thresholds`` replaces the ones a run collects at (``RUN_THRESHOLDS``).
"""

from __future__ import annotations

import argparse
import gc
import tempfile
import time
from collections import defaultdict
from pathlib import Path

from sdr_assets.domain import collection


class CollectionLog:
    """Each collection's generation and seconds, while installed as a ``gc.callbacks`` hook."""

    def __init__(self) -> None:
        self.seconds: dict[int, float] = defaultdict(float)
        self.count: dict[int, int] = defaultdict(int)
        self._started = 0.0

    def __call__(self, phase: str, info: dict) -> None:
        if phase == "start":
            self._started = time.perf_counter()
        else:
            self.seconds[info["generation"]] += time.perf_counter() - self._started
            self.count[info["generation"]] += 1

    def __enter__(self) -> CollectionLog:
        gc.callbacks.append(self)
        return self

    def __exit__(self, *_) -> None:
        gc.callbacks.remove(self)

    def lines(self) -> list[str]:
        rows = [f"  generation {g}: {self.count[g]:>6,} collections, {self.seconds[g]:6.2f} s" for g in range(3)]
        return [*rows, f"  all:          {sum(self.count.values()):>6,} collections, "
                       f"{sum(self.seconds.values()):6.2f} s"]


def measure(accounts: int, thresholds: tuple[int, int, int] | None = None) -> tuple[float, CollectionLog, float]:
    """(seconds of the first run, its collections, peak MB) over a fresh world of ``accounts``."""
    from resources import clock
    from sdr_assets import bench
    from sdr_assets.instance import temporary_instance

    if thresholds:
        collection.RUN_THRESHOLDS = thresholds
    now = clock.now().replace(microsecond=0)
    with (tempfile.TemporaryDirectory() as tmp, temporary_instance() as instance,
          bench.MemorySampler() as sampler):
        world = bench.setup_world(Path(tmp) / "data", accounts, instance, now)
        gc.collect()
        with CollectionLog() as log:
            run = bench.run_pipeline(world, sampler)
    return run.seconds, log, run.peak_rss_mb


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--accounts", type=int, default=10_000)
    parser.add_argument("--thresholds", help="three integers, as gc.set_threshold takes them")
    args = parser.parse_args(argv)
    thresholds = tuple(int(n) for n in args.thresholds.split(",")) if args.thresholds else None
    seconds, log, peak = measure(args.accounts, thresholds)
    print(f"first run over {args.accounts:,} accounts: {seconds:.2f} s, peak {peak:,.0f} MB, "
          f"collecting at {','.join(map(str, collection.RUN_THRESHOLDS))}")
    print("\n".join(log.lines()))


if __name__ == "__main__":
    main()
