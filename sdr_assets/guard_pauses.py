"""Which plays the deliverability guard stops now, as their send step would read it: the sending
mailbox (or its domain) is over a line in the window. `sdr status`, the schedules, the outreach
sensor and `sdr run` read it, so a play the guard paused waits there as a state, not a red run."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta
from typing import Any

import duckdb

from resources.tables import columns_of, one, table_exists
from sdr_assets.domain.suppression import RCPT_REFUSAL

# Whether the deliverability guard can have anything to pause: a complaint about one of our messages
# (a report naming an address alone may be forged, and counts for nothing) or a hard bounce that
# arrived inside the window (or whose arrival is not known), or an address a server refused at RCPT
# as one that does not exist inside it.
GUARD_EVIDENCE_SQL = ("select count(*) from reply_classifications where ((kind = 'complaint' and send_key is not null) "
                      "or (kind = 'bounce' and coalesce(hard, false))) {since}")
REFUSAL_EVIDENCE_SQL = (f"select count(*) from suppression_events where starts_with(event_id, '{RCPT_REFUSAL}') "
                        "and recorded_at >= ?")


def guard_pauses(con: duckdb.DuckDBPyConnection, plays: Iterable[Any], policy: Any) -> dict[str, str]:
    """Per play (a ``Play``), why the guard stops its sender now. ``policy`` gives ``now()`` and
    ``deliverability_limits()``. The sensors ask on every tick, so it reads nothing where no complaint
    or hard bounce arrived inside the window, and only the sends the window can count where one did."""
    if not table_exists(con, "send_ledger"):
        return {}
    now, limits = policy.now(), policy.deliverability_limits()
    since = now - timedelta(days=limits.window_days)
    dated = "received_at" in columns_of(con, "reply_classifications")
    recent = "and (received_at is null or received_at >= ?)" if dated else ""
    if not ((table_exists(con, "reply_classifications")
             and one(con, GUARD_EVIDENCE_SQL.format(since=recent), [since] if dated else [])[0])
            or ("event_id" in columns_of(con, "suppression_events") and one(con, REFUSAL_EVIDENCE_SQL, [since])[0])):
        return {}
    # Imported only now: the monitor's module loads numpy, which `sdr status` needs only here.
    from sdr_assets.domain.deliverability import blocking, window_readings
    from sdr_assets.monitor_data import sending_days_before, window_outcomes

    readings = window_readings(window_outcomes(con, since), now, limits,
                               sending_days_before(con, since, limits.max_idle_days))
    return {play.name: reading.message for play in plays
            if (reading := blocking(readings, str(play.sender["email"])))}
