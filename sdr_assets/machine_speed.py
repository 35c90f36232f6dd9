"""One figure for how fast this machine runs Python now, printed beside every timing that a goal judges.

The suite's and the pipeline's seconds are mostly the interpreter's own work (Dagster's step
machinery, our asset code), so they move with the machine: the same commit has taken 1.7 times as
long on one shared 2-core machine as on another. A timing compares with another only next to this
figure. The workload is fixed, pure Python and single-threaded (arithmetic, dict and string work);
its result is a checksum, so a test can tell that all of it ran.

``--cores N`` runs it in N processes at once, each round started together: the test suite keeps
two workers busy, and cores that share a host slow one another in ways one process does not see.
"""

from __future__ import annotations

import argparse
import multiprocessing
import queue
import statistics
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


def _timed(size: int) -> tuple[float, int]:
    started = time.perf_counter()
    result = workload(size)
    return time.perf_counter() - started, result


def _rounds_in_child(repeats: int, size: int, start, results) -> None:
    for index in range(repeats):
        start.wait()
        results.put((index, *_timed(size)))


def round_seconds(repeats: int = 5, size: int = SIZE, cores: int = 1) -> list[float]:
    """The seconds of each of ``repeats`` rounds of ``workload``. With ``cores`` above one, each round
    runs it in that many fresh processes started together, and lasts until the slowest is done."""
    if cores == 1:
        return [_timed(size)[0] for _ in range(repeats)]
    context = multiprocessing.get_context("spawn")  # a fresh interpreter: no threads or heap of the caller
    start, results = context.Barrier(cores), context.Queue()
    workers = [context.Process(target=_rounds_in_child, args=(repeats, size, start, results), daemon=True)
               for _ in range(cores)]
    for worker in workers:
        worker.start()
    timings: list[tuple[int, float, int]] = []
    try:
        while len(timings) < repeats * cores:
            try:
                timings.append(results.get(timeout=0.2))
            except queue.Empty:
                if any(worker.exitcode not in (None, 0) for worker in workers):
                    raise RuntimeError("a process of the workload ended before its rounds") from None
    except BaseException:
        for worker in workers:
            worker.kill()  # one may still wait at the barrier for the one that failed
        raise
    for worker in workers:
        worker.join()
    return slowest_of_each_round(timings, repeats)


def slowest_of_each_round(timings: list[tuple[int, float, int]], repeats: int) -> list[float]:
    """Each round's seconds from its processes' ``(round, seconds, checksum)``: its slowest process's."""
    if len({checksum for *_, checksum in timings}) != 1:
        raise RuntimeError("the workload's processes disagree on its checksum")
    return [max(seconds for index, seconds, _ in timings if index == each) for each in range(repeats)]


def reference_seconds(repeats: int = 5, size: int = SIZE, cores: int = 1) -> float:
    """The fastest of ``repeats`` timed rounds of ``workload``: the one other work disturbed least."""
    return round(min(round_seconds(repeats, size, cores)), 3)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m sdr_assets.machine_speed", description=__doc__.split("\n")[0])
    parser.add_argument("--repeats", type=int, default=5,
                        help="timed runs of the workload; the fastest is printed first")
    parser.add_argument("--cores", type=int, default=1, help="processes running the workload at once")
    options = parser.parse_args(argv)
    if options.repeats < 1:
        parser.error("--repeats must be at least 1")
    if options.cores < 1:
        parser.error("--cores must be at least 1")
    rounds = round_seconds(options.repeats, cores=options.cores)
    where = "" if options.cores == 1 else f" on {options.cores} cores at once"
    runs = f"run{'s' if options.repeats > 1 else ''}"
    spread = (f"; the median {statistics.median(rounds):.3f} s, the slowest {max(rounds):.3f} s"
              if options.repeats > 1 else "")
    print(f"reference workload{where}: {min(rounds):.3f} s (the fastest of {options.repeats} {runs}{spread})")


if __name__ == "__main__":
    main()
