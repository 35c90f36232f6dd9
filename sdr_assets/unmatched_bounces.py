"""Hard bounces that carry none of our Message-IDs, counted against the message that bounced.

Many mail servers return a bounce without the original's headers. Triage matches it to no send, and
suppression still stops the address; the bounce rate must count it too, or a list of dead addresses
would never pause the mailbox that mails it. The message that bounced is the latest one sent to the
failed recipient's mailbox (any spelling of it) before the bounce arrived, from whichever mailbox
sent it: its mailbox and domain carry the bounce (``unmatched_reports``).

Anyone can write a bounce, as anyone can write a complaint, and a report without our Message-ID
may be forged. So only one in a mail server's form counts: a delivery status report from the null
sender (``TriageResult.dsn``). The others suppress the address and count for no rate; `sdr status`
shows how many arrived inside the guard's window, and how many of them count.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import duckdb
import polars as pl

from resources.tables import columns_of
from sdr_assets.unmatched_reports import REPORT_SCHEMA, reports_about, unmatched_reports

BOUNCE = "c.kind = 'bounce' and coalesce(c.hard, false)"  # of the reports matched to no send
COUNTED = f"{BOUNCE} and coalesce(c.dsn, false)"  # in a mail server's form: those a rate counts


def bounced_sends(con: duckdb.DuckDBPyConnection, sends: pl.DataFrame, since: datetime | None = None
                  ) -> pl.DataFrame:
    """The send keys of ``sends`` a hard bounce matched to no send is about, each with those bounces'
    message ids (``bounce_ids``, space-separated), when each arrived (``bounce_seen``) and the first
    (``arrived``), of those in a mail server's form; with ``since``, only bounces that arrived since (a
    bounce comes after the message it returns, so none before the window is about a message inside it)."""
    found = reports_about(sends, _counted(con, since)).unique(["send_key", "message_id"])
    found = found.sort("send_key", "message_id")
    return found.group_by("send_key", maintain_order=True).agg(
        bounce_ids=pl.col("message_id").str.join(" "), bounce_seen=pl.col("arrived"), arrived=pl.col("arrived").min())


def unmatched_bounces(con: duckdb.DuckDBPyConnection, policy: Any) -> dict:
    """The hard bounces matched to no send that arrived inside the deliverability window: how many,
    and how many of them the guard counts (a mail server's). ``policy`` gives ``now()`` and
    ``deliverability_limits()``."""
    limits = policy.deliverability_limits()
    since = policy.now() - timedelta(days=limits.window_days)
    count = unmatched_reports(con, BOUNCE, since).height
    return {"count": count, "counted": _counted(con, since).height if count else 0, "window_days": limits.window_days}


def _counted(con: duckdb.DuckDBPyConnection, since: datetime | None) -> pl.DataFrame:
    """The hard bounces matched to no send in a mail server's form (``unmatched_reports``); none on a
    table stored before triage kept the form."""
    if "dsn" not in columns_of(con, "reply_classifications"):
        return pl.DataFrame(schema=REPORT_SCHEMA)
    return unmatched_reports(con, COUNTED, since)
