"""The ``signal_feed_health`` check: an API signal feed that keeps failing warns on ``raw_signals``.

A warning, not an error: the inbox's files and the rest of the pipeline go on without the feed. It is
evaluated in the ``raw_signals`` step that read the feed: a step of its own cost each run Dagster's
overhead for one small read.
"""

from __future__ import annotations

import dagster as dg
import duckdb

from sdr_assets.domain.feed_health import FAILING_FOR, FAILING_RUNS, FeedHealth, describe
from sdr_assets.feed_health import failing_feeds, feed_records

FEED_HEALTH = dg.AssetCheckSpec(
    "signal_feed_health", asset="raw_signals",
    description=f"Warns when an API signal feed failed its last {FAILING_RUNS} runs, or two or more runs in a row "
                f"over {FAILING_FOR.days} day.")


def feed_health_result(feeds: list[str], down: list[FeedHealth]) -> dg.AssetCheckResult:
    """Passed unless a feed is ``down`` (``feed_health.failing_feeds``); WARN severity."""
    return dg.AssetCheckResult(
        asset_key=FEED_HEALTH.asset_key, check_name=FEED_HEALTH.name, passed=not down,
        severity=dg.AssetCheckSeverity.WARN,
        metadata={"feeds": ", ".join(feeds) or "no API feed configured",
                  "failing": dg.MetadataValue.md("\n".join(f"- {describe(h)}" for h in down) or "none"),
                  "what to do": ("Check the feed's URL, credentials and status page (SDR_SIGNAL_FEED_*); "
                                 "the inbox's files are read meanwhile." if down else "nothing")})


def signal_feed_health(con: duckdb.DuckDBPyConnection) -> dg.AssetCheckResult:
    """The check as the warehouse's feed records stand."""
    return feed_health_result([h.feed for h in feed_records(con)], failing_feeds(con))
