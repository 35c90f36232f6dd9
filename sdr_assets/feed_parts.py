"""Large signal files read on every core: JSON Lines cut at line ends, each part in a worker process.

``read_feed`` is pure (bytes in, rows and quarantine out) and a JSON Lines record never spans a line
end, so the parts of a file, read apart and joined in order, give the rows, the quarantine and the
line numbers the whole file gives. CSV (a quoted field may hold a line break), Parquet and UTF-16
files go whole, each to one worker. Until a large file comes, files are read in the run's own
process: a worker takes about half a second to start.

Workers are spawned, never forked: the run's process holds DuckDB's and polars' threads, whose
locks a fork would copy mid-use. A spawned worker imports the script that started the run, so a
script that runs the pipeline guards its entry point (``if __name__ == "__main__":``), as for any
spawned worker; ``sdr``, ``dagster`` and pytest do.
"""

from __future__ import annotations

import codecs
import multiprocessing
import os
from collections import deque
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor, wait
from datetime import datetime

import polars as pl

from sdr_assets.domain.signals import NO_ROWS, FeedRead, feed_kind, read_feed

POOL_MIN_BYTES = 8 * 2**20  # the first file this large starts the workers
PART_BYTES = 8 * 2**20  # a JSON Lines file is cut about this often
IN_FLIGHT_BYTES = 256 * 2**20  # bytes handed to the workers and not read back yet, at most


def cut(name: str, data: bytes, size: int = PART_BYTES) -> list[tuple[bytes, int]]:
    """(part, its first line number) for each part of ``data``, in order: a JSON Lines file cut after
    the first line end past every ``size`` bytes; any other file whole."""
    if feed_kind(name) != "jsonl" or len(data) <= size or data.startswith((codecs.BOM_UTF16_LE,
                                                                            codecs.BOM_UTF16_BE)):
        return [(data, 1)]
    parts: list[tuple[bytes, int]] = []
    start, line = 0, 1
    while start < len(data):
        end = data.find(b"\n", start + size - 1)
        end = len(data) if end < 0 else end + 1
        parts.append((data[start:end], line))
        line += data.count(b"\n", start, end)
        start = end
    return parts


def joined(reads: list[FeedRead]) -> FeedRead:
    """The parts of one file as the whole file reads."""
    if len(reads) == 1:
        return reads[0]
    return FeedRead(pl.concat([NO_ROWS, *(r.frame for r in reads)]),
                    [q for r in reads for q in r.quarantined], sum(r.duplicates for r in reads))


def _cores() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


class FeedReader:
    """Reads feed files, on worker processes once a large one comes; results keep the files' order.

    ``read`` hands a file over and returns what gives its :class:`FeedRead`; at most
    ``IN_FLIGHT_BYTES`` wait in the workers at a time, so a large inbox never sits in memory twice.
    """

    def __init__(self, now: datetime, workers: int | None = None):
        self.now = now
        self.workers = _cores() if workers is None else workers
        self.pool: ProcessPoolExecutor | None = None
        self._in_flight: deque[tuple[Future, int]] = deque()

    def __enter__(self) -> FeedReader:
        return self

    def __exit__(self, *exc: object) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)

    def read(self, name: str, data: bytes) -> Callable[[], FeedRead]:
        if self.pool is None and (self.workers < 2 or len(data) < POOL_MIN_BYTES):
            done = read_feed(name, data, self.now)
            return lambda: done
        if self.pool is None:
            self.pool = ProcessPoolExecutor(self.workers, mp_context=multiprocessing.get_context("spawn"))
        futures = []
        for part, first_line in cut(name, data, PART_BYTES):
            self._make_room(len(part))
            futures.append(self.pool.submit(read_feed, name, part, self.now, first_line=first_line))
            self._in_flight.append((futures[-1], len(part)))
        return lambda: joined([future.result() for future in futures])

    def _make_room(self, size: int) -> None:
        while self._in_flight and sum(n for _, n in self._in_flight) + size > IN_FLIGHT_BYTES:
            future, _ = self._in_flight.popleft()
            wait([future])
