"""The drafts whose why-now stopped holding since their research, asked on the day they would go
(``domain/timeliness``): an email at send time, a LinkedIn note on the day its task falls due."""

from collections.abc import Callable
from datetime import datetime
from typing import Any

import duckdb
import polars as pl

from resources.tables import read_table
from sdr_assets.domain.plays import Play
from sdr_assets.domain.timeliness import Stale, staleness

# What ``staleness`` and ``_stale`` read of a draft (its subject and body for news said in its own
# words): the rest of a draft's row would only be copied into Python objects, for every draft of the play.
_ASKED = ("draft_id", "signal_id", "step", "why_now", "signal_type", "fact_ids", "subject", "body")


def stale_drafts(con: duckdb.DuckDBPyConnection, play: Play, drafts: pl.DataFrame, now: datetime) -> dict[str, str]:
    """Draft id → why it waits for fresh research, for the play's email drafts, their signals read now."""
    return {draft_id: stale.reason for draft_id, stale in stale_kinds(con, play, drafts, now).items()}


def stale_kinds(con: duckdb.DuckDBPyConnection, play: Play, drafts: pl.DataFrame, now: datetime) -> dict[str, Stale]:
    """Draft id → why it waits (its kind and reason), as ``stale_drafts``."""
    if "signal_id" not in drafts.columns:
        return {}
    emails = drafts.filter((pl.col("channel") == "email") & pl.col("signal_id").is_not_null())
    emails = emails.select([c for c in _ASKED if c in emails.columns])
    return _stale(con, play, list(emails.iter_rows(named=True)), lambda _: now)


def stale_tasks(con: duckdb.DuckDBPyConnection, play: Play, due: list[dict[str, Any]], now: datetime
                ) -> dict[str, Stale]:
    """Draft id → why its LinkedIn task waits for fresh research (its kind and reason), for ``due``
    drafts (each with its ``due_at``), asked on the day the task falls due, or now once it is due."""
    return _stale(con, play, due, lambda d: max(now, d["due_at"]))


def _stale(con: duckdb.DuckDBPyConnection, play: Play, drafts: list[dict[str, Any]],
           day: Callable[[dict[str, Any]], datetime]) -> dict[str, Stale]:
    """Draft id → why it waits, each draft asked at ``day(draft)`` with its signal as stored now."""
    ids = sorted({d["signal_id"] for d in drafts if d.get("signal_id")})
    if not ids:
        return {}
    found = read_table(con, "raw_signals", "where signal_id in (select unnest(?::varchar[]))", [ids])
    signals = {s["signal_id"]: s for s in found.iter_rows(named=True)}
    stale = {d["draft_id"]: staleness(d, signals.get(d.get("signal_id")), play, day(d)) for d in drafts}
    return {draft_id: s for draft_id, s in stale.items() if s}
