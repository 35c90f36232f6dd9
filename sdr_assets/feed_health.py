"""Each API signal feed's record of failed runs, kept beside its cursor (``domain/feed_health``).

Written by the signals run, read by `sdr status` and the ``signal_feed_health`` check. Free of Dagster.
"""

from __future__ import annotations

from datetime import datetime

import duckdb
import polars as pl

from resources.tables import table_exists
from sdr_assets.domain.feed_health import FeedHealth, after_run, failing

HEALTH_SCHEMA = {"feed": pl.String, "failed_runs": pl.Int64, "failing_since": pl.Datetime("us", "UTC"),
                 "last_error": pl.String, "last_success_at": pl.Datetime("us", "UTC"),
                 "checked_at": pl.Datetime("us", "UTC")}
COLUMNS = ", ".join(HEALTH_SCHEMA)


def feed_records(con: duckdb.DuckDBPyConnection) -> list[FeedHealth]:
    """Every feed's record, by name; none before the first signals run with a feed."""
    if not table_exists(con, "signal_feed_health"):
        return []
    rows = con.execute(f"select {COLUMNS} from signal_feed_health order by feed").fetchall()
    return [FeedHealth(feed, int(runs or 0), since, error or "", success, checked)
            for feed, runs, since, error, success, checked in rows]


def record_run(con: duckdb.DuckDBPyConnection, feed: str, error: str, now: datetime) -> FeedHealth:
    """Note one run of ``feed``: failed with ``error``, or read (no error)."""
    before = next((h for h in feed_records(con) if h.feed == feed), None)
    health = after_run(before, feed, error, now)
    con.execute("delete from signal_feed_health where feed = ?", [feed])
    con.execute(f"insert into signal_feed_health ({COLUMNS}) values (?, ?, ?, ?, ?, ?)",
                [health.feed, health.failed_runs, health.failing_since, health.last_error,
                 health.last_success_at, health.checked_at])
    return health


def forget_other_feeds(con: duckdb.DuckDBPyConnection, feed: str) -> None:
    """Drop the records of feeds no longer configured (``feed`` is the one now, empty for none): a
    feed taken out of the settings fails no more."""
    con.execute("delete from signal_feed_health where feed is distinct from ?", [feed])


def failing_feeds(con: duckdb.DuckDBPyConnection) -> list[FeedHealth]:
    """The feeds that failed their last runs (``domain.feed_health.failing``)."""
    return [h for h in feed_records(con) if failing(h)]
