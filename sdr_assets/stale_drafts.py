"""The drafts whose why-now stopped holding since their research, asked at send time (``domain/timeliness``)."""

from datetime import datetime

import duckdb
import polars as pl

from resources.warehouse import read_table
from sdr_assets.domain.plays import Play
from sdr_assets.domain.timeliness import stale_reason


def stale_drafts(con: duckdb.DuckDBPyConnection, play: Play, drafts: pl.DataFrame, now: datetime) -> dict[str, str]:
    """Draft id → why it waits for fresh research, for the play's email drafts, their signals read now."""
    if "signal_id" not in drafts.columns:
        return {}
    emails = drafts.filter((pl.col("channel") == "email") & pl.col("signal_id").is_not_null())
    if emails.is_empty():
        return {}
    ids = emails["signal_id"].unique().to_list()
    found = read_table(con, "raw_signals", "where signal_id in (select unnest(?::varchar[]))", [ids])
    signals = {s["signal_id"]: s for s in found.iter_rows(named=True)}
    reasons = {d["draft_id"]: stale_reason(d, signals.get(d["signal_id"]), play, now)
               for d in emails.iter_rows(named=True)}
    return {draft_id: reason for draft_id, reason in reasons.items() if reason}
