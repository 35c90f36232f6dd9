"""The ``signal_feed_health`` check: an API signal feed that keeps failing warns on ``raw_signals``.

A warning, not an error: the inbox's files and the rest of the pipeline go on without the feed.
"""

from __future__ import annotations

from datetime import datetime

import dagster as dg

from resources.settings import SendPolicy
from resources.warehouse import Warehouse
from sdr_assets.domain.feed_health import FAILING_FOR, FAILING_RUNS, FeedHealth, describe, failing
from sdr_assets.feed_health import feed_records


def feed_health_result(records: list[FeedHealth], now: datetime) -> dg.AssetCheckResult:
    """Passed unless a feed failed its last runs (``domain.feed_health.failing``); WARN severity."""
    down = [h for h in records if failing(h, now)]
    return dg.AssetCheckResult(
        passed=not down, severity=dg.AssetCheckSeverity.WARN,
        metadata={"feeds": ", ".join(h.feed for h in records) or "no API feed configured",
                  "failing": dg.MetadataValue.md("\n".join(f"- {describe(h)}" for h in down) or "none"),
                  "what to do": ("Check the feed's URL, credentials and status page (SDR_SIGNAL_FEED_*); "
                                 "the inbox's files are read meanwhile." if down else "nothing")})


@dg.asset_check(asset="raw_signals", name="signal_feed_health",
                description=f"Warns when an API signal feed failed its last {FAILING_RUNS} runs, or every run for "
                            f"over {FAILING_FOR.days} day.")
def signal_feed_health(warehouse: Warehouse, policy: SendPolicy) -> dg.AssetCheckResult:
    with warehouse.connect() as con:
        records = feed_records(con)
    return feed_health_result(records, policy.now())
