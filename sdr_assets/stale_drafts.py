"""The drafts whose why-now stopped holding since their research, asked at send time (``domain/timeliness``)."""

from datetime import datetime

import duckdb
import polars as pl

from resources.tables import read_table
from sdr_assets.domain.plays import Play
from sdr_assets.domain.timeliness import Stale, staleness


def stale_drafts(con: duckdb.DuckDBPyConnection, play: Play, drafts: pl.DataFrame, now: datetime) -> dict[str, str]:
    """Draft id → why it waits for fresh research, for the play's email drafts, their signals read now."""
    return {draft_id: stale.reason for draft_id, stale in stale_kinds(con, play, drafts, now).items()}


def stale_kinds(con: duckdb.DuckDBPyConnection, play: Play, drafts: pl.DataFrame, now: datetime) -> dict[str, Stale]:
    """Draft id → why it waits (its kind and reason), as ``stale_drafts``."""
    if "signal_id" not in drafts.columns:
        return {}
    emails = drafts.filter((pl.col("channel") == "email") & pl.col("signal_id").is_not_null())
    if emails.is_empty():
        return {}
    ids = emails["signal_id"].unique().to_list()
    found = read_table(con, "raw_signals", "where signal_id in (select unnest(?::varchar[]))", [ids])
    signals = {s["signal_id"]: s for s in found.iter_rows(named=True)}
    stale = {d["draft_id"]: staleness(d, signals.get(d["signal_id"]), play, now) for d in emails.iter_rows(named=True)}
    return {draft_id: s for draft_id, s in stale.items() if s}
