"""Whether an API signal feed keeps failing: one failed run is weather, a run of them is an outage.

A feed's record counts its failed runs in a row and when the first of them was; a run that reads the
feed (caught up or stopped by its limit) starts the count again. The feed is failing once it failed
its last ``FAILING_RUNS`` runs, or has failed every run for longer than ``FAILING_FOR``: the other
sources go on, so this is a warning for a person, not a stop.
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


def failing(health: FeedHealth, now: datetime) -> bool:
    """Whether the feed failed its last ``FAILING_RUNS`` runs, or every run for over ``FAILING_FOR``."""
    if not health.failed_runs or health.failing_since is None:
        return False
    return health.failed_runs >= FAILING_RUNS or now - health.failing_since > FAILING_FOR


def describe(health: FeedHealth) -> str:
    """One line: the feed, since when it fails, how many runs, and its last error's first line."""
    since = f"{health.failing_since:%Y-%m-%d %H:%M} UTC" if health.failing_since else "unknown"
    runs = f"{health.failed_runs} run{'s' if health.failed_runs != 1 else ''} in a row"
    error = (health.last_error.splitlines() or [""])[0]
    return f"signal feed {health.feed} failing since {since} ({runs}): {error}"
