"""Hard bounces that carry none of our Message-IDs, counted against the message that bounced.

Many mail servers return a bounce without the original's headers. Triage matches it to no send, and
suppression still stops the address; the bounce rate must count it too, or a list of dead addresses
would never pause the mailbox that mails it. The message that bounced is the latest one sent to the
failed recipient's mailbox (any spelling of it) before the bounce arrived, from whichever mailbox
sent it: its mailbox and domain carry the bounce (``unmatched_reports``).
"""

from __future__ import annotations

from datetime import datetime

import duckdb
import polars as pl

from sdr_assets.unmatched_reports import reports_about, unmatched_reports

BOUNCE = "c.kind = 'bounce' and coalesce(c.hard, false)"  # of the reports matched to no send


def bounced_sends(con: duckdb.DuckDBPyConnection, sends: pl.DataFrame, since: datetime | None = None
                  ) -> dict[str, list[str]]:
    """The send keys of ``sends`` a hard bounce matched to no send is about, each with those bounces'
    message ids; with ``since``, only bounces that arrived since (a bounce comes after the message
    it returns, so none before the window is about a message inside it)."""
    found = reports_about(sends, unmatched_reports(con, BOUNCE, since))
    ids = found.group_by("send_key").agg(pl.col("message_id").unique().sort())
    return {key: list(messages) for key, messages in sorted(ids.iter_rows())}
