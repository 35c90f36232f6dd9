"""Unverified complaints: feedback reports that name an address but none of our Message-IDs or tokens.

Anyone who can send us mail can write one, so they count for no rate and pause nothing; each
suppresses the address it names (``unmatched_complaint``, which a person may lift). `sdr status`
shows how many arrived inside the guard's window, whom they name, and where as many real complaints
would pause a sender: forged reports aimed at stopping our mail, or a feedback loop that strips our
Message-ID and List-Unsubscribe from the original it attaches, either of which a person should look
into.
"""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import duckdb
import polars as pl

from resources.tables import columns_of, table_exists
from sdr_assets.unmatched_reports import unmatched_reports

COMPLAINT = "c.kind = 'complaint'"  # of the reports matched to no send (``unmatched_reports``)


def unverified_complaints(con: duckdb.DuckDBPyConnection, policy: Any) -> dict:
    """The unverified complaints inside the deliverability window: how many, the addresses they
    name, and a line per sender they would pause were they real. ``policy`` gives ``now()`` and
    ``deliverability_limits()``."""
    limits, now = policy.deliverability_limits(), policy.now()
    since = now - timedelta(days=limits.window_days)
    found = {"count": 0, "window_days": limits.window_days, "addresses": [], "would_pause": []}
    if (not {"kind", "send_key", "recipients", "received_at"} <= set(columns_of(con, "reply_classifications"))
            or not table_exists(con, "raw_replies")):
        return found
    rows = unmatched_reports(con, COMPLAINT, since)["recipients"].to_list()
    if not rows:
        return found
    # Imported only now: the monitor's module loads numpy, which `sdr status` needs only here.
    from sdr_assets.domain.deliverability import unverified_alarms, window_readings
    from sdr_assets.monitor_data import (complained_of, send_outcomes, sending_days_before, sends_with_verdicts,
                                         unverified_people)

    reports = unmatched_reports(con, COMPLAINT)  # read once for both
    sends = sends_with_verdicts(con, since, unverified_people(con, reports), refused=True)
    arrived = complained_of(con, sends, reports)
    named = pl.col("send_key").replace_strict(arrived, default=None, return_dtype=pl.Datetime("us", "UTC"))
    as_if = sends.with_columns(complaint=pl.col("complaint") | pl.col("send_key").is_in(list(arrived)),
                               complaint_at=pl.min_horizontal(pl.col("complaint_at"), named))
    days = sending_days_before(con, since, limits.max_idle_days)
    alarms = unverified_alarms(window_readings(send_outcomes(sends), now, limits, days),
                               window_readings(send_outcomes(as_if), now, limits, days), limits)
    addresses = dict.fromkeys(str(a).lower() for recipients in rows for a in json.loads(recipients or "[]"))
    return {**found, "count": len(rows), "addresses": list(addresses), "would_pause": alarms}
