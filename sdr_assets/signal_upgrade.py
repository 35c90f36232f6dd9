"""Stored signals of one event merged once, after the merge rules change.

A warehouse filled before an event's reports were merged (or before a rule named more of them one
event, as a posting's URL across days) holds two signals of one event; the ingest merges only what
it reads. Once for each version of the rules (``MERGE_RULES``, kept in ``signal_merge_rules``), the
stored merges today's rules keep apart are split first (``signal_splits``), then the stored signals
are walked as a feed is, each with its stored reports: the rows of one event (``signal_events``)
after the first become its reports. The first is the one a draft was written from, if any (its draft stays whole:
sends are keyed by play, address and step, so nothing goes again), else the earliest stored.
Run again, it finds nothing: the rules' version is recorded in the same transaction.
"""

from __future__ import annotations

from datetime import datetime

import duckdb
import polars as pl

from resources.tables import columns_of, frame_of, table_exists, transaction
from sdr_assets.domain.signal_bulk import ROW_SCHEMA
from sdr_assets.domain.signal_events import Events, merged_reports, occurrences, roles
from sdr_assets.signal_splits import Held, split_stored

# 1: same company, type, day and facts across sources; 2: a posting's URL across days; 3: the posting's
# window slides with each report (one source's rows of a URL are one event only for the same role);
# 4: a role in its canonical form ("VP Sales" is "Vice President, Sales"), and stored merges split again
MERGE_RULES = "4"
RULES_SCHEMA = {"rules": pl.String, "merged_at": pl.Datetime("us", "UTC"), "merged": pl.Int64}


def merge_stored(con: duckdb.DuckDBPyConnection, now: datetime) -> tuple[int, int]:
    """Split the stored merges today's rules keep apart (``signal_splits``), then merge the stored
    signals of one event under today's rules, unless done already; return how many reports stood as
    signals and how many signals became reports."""
    if not table_exists(con, "signal_merge_rules"):
        con.execute("create table signal_merge_rules (rules varchar, merged_at timestamptz, merged bigint)")
    if merged_under_current_rules(con):
        return 0, 0
    with transaction(con):
        split, held = split_stored(con)
        stored = _stored(con)
        into = _survivors(stored, held)
        moved = stored.filter(pl.Series(into, dtype=pl.String).is_not_null())
        if moved.height:
            _move(con, moved, pl.Series([i for i in into if i is not None], dtype=pl.String), now)
        con.execute("insert into signal_merge_rules values (?, ?, ?)", [MERGE_RULES, now, moved.height])
    return split, moved.height


def merged_under_current_rules(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether ``merge_stored`` has run under today's rules: it has nothing left to do."""
    return table_exists(con, "signal_merge_rules") and bool(
        con.execute("select 1 from signal_merge_rules where rules = ?", [MERGE_RULES]).fetchone())


def _stored(con: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    """The stored signals (intent aside), the drafted first, then in the order they were stored."""
    drafted = ("exists (select 1 from message_drafts d where d.signal_id = r.signal_id)"
               if "signal_id" in columns_of(con, "message_drafts") else "false")
    return frame_of(con, f"select * exclude (ingested_at) from (select *, ingested_at as merged_at, "
                         f"{drafted} as drafted, rowid as row_number from raw_signals r "
                         "where signal_type <> 'intent') order by drafted desc, ingested_at, row_number")


def _survivors(stored: pl.DataFrame, held: Held) -> list[str | None]:
    """For each row, the signal it is one more report of, or None for a row that stays a signal; a
    row's stored reports (``held``) join its event with it.

    Rows come drafted first: when two rows of one event both had a draft, the second becomes a report
    and its draft's signal is gone, so that draft's first email waits for fresh research
    (``domain/timeliness``), which writes from the one signal left: by design, a state, not a failure.
    """
    into: list[str | None] = [None] * stored.height
    kept = Events()
    keys = occurrences(stored).to_list()
    rows = zip(keys, stored["signal_id"].to_list(), stored["source"].str.to_lowercase().to_list(),
               roles(stored).to_list(), stored["observed_at"].to_list(), strict=True)
    for at, (key, signal_id, *row) in enumerate(rows):
        if key is None:
            continue
        other = kept.find(key, *row, skip=signal_id)  # a repeated id: the rescreen's
        kept.add(key, other or signal_id, *row)
        for report_key, *report in held.get(signal_id, ()):
            if report_key is not None and report[-1] is not None:
                kept.add(report_key, other or signal_id, *report)
        into[at] = other
    return into


def _move(con: duckdb.DuckDBPyConnection, moved: pl.DataFrame, into: pl.Series, now: datetime) -> None:
    """Store ``moved`` as reports of ``into``, repoint their own reports, and take them out of
    ``raw_signals`` (inside the caller's transaction)."""
    reports = merged_reports(moved.select(list(ROW_SCHEMA)), into).with_columns(merged_at=moved["merged_at"])
    repoint = pl.DataFrame({"merged": moved["signal_id"], "into": into})
    con.register("_reports", reports)
    con.register("_repoint", repoint)
    try:
        con.execute("update merged_signal_reports m set signal_id = p.into from _repoint p "
                    "where m.signal_id = p.merged")
        con.execute("insert into merged_signal_reports by name select * from _reports")
        con.execute("delete from raw_signals where rowid in (select unnest(?::bigint[]))",
                    [moved["row_number"].to_list()])
    finally:
        con.unregister("_reports")
        con.unregister("_repoint")
