"""Whether an API signal feed keeps failing: one failed run is weather, a run of them is an outage.

A feed's record counts its failed runs in a row, when the first and the last of them were; a run
that reads the feed (caught up or stopped by its limit) starts the count again. The feed is failing
once it failed its last ``FAILING_RUNS`` runs, or at least two runs in a row spanning more than
``FAILING_FOR`` (measured to its last run, so a single failure followed by no run is not an outage):
the other sources go on, so this is a warning for a person, not a stop.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

FAILING_RUNS = 3
FAILING_FOR = timedelta(days=1)


@dataclass(frozen=True)
class FeedHealth:
    feed: str
    failed_runs: int = 0
    failing_since: datetime | None = None
    last_error: str = ""
    last_success_at: datetime | None = None
    checked_at: datetime | None = None


def after_run(before: FeedHealth | None, feed: str, error: str, now: datetime) -> FeedHealth:
    """The feed's record after a run that failed with ``error``, or read it (no error)."""
    before = before or FeedHealth(feed)
    if not error:
        return FeedHealth(feed, 0, None, "", now, now)
    return FeedHealth(feed, before.failed_runs + 1, before.failing_since or now, error, before.last_success_at, now)


def failing(health: FeedHealth) -> bool:
    """Whether the feed failed its last ``FAILING_RUNS`` runs, or two or more failed runs span over
    ``FAILING_FOR`` from the first to the last."""
    if health.failed_runs >= FAILING_RUNS:
        return True
    if health.failed_runs < 2 or health.failing_since is None or health.checked_at is None:
        return False
    return health.checked_at - health.failing_since > FAILING_FOR


def describe(health: FeedHealth) -> str:
    """One line: the feed, since when it fails, how many runs, and its last error's first line."""
    since = f"{health.failing_since:%Y-%m-%d %H:%M} UTC" if health.failing_since else "unknown"
    runs = f"{health.failed_runs} run{'s' if health.failed_runs != 1 else ''} in a row"
    error = (health.last_error.splitlines() or [""])[0]
    return f"signal feed {health.feed} failing since {since} ({runs}): {error}"
