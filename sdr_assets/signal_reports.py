"""Merged reports whose signal is gone stand as signals again.

A report merged into a stored signal (``merged_signal_reports``) keeps its whole row. When that signal
leaves ``raw_signals`` (a rescreen moved it to the quarantine) or is corrected into another event,
the earliest of its reports of each event it no longer names is stored in ``raw_signals`` in its
place, under its own id (else, if a stored signal holds that id, one made from it and its old
signal's id: the same on every run), and the others of that event become reports of it: no report
points at nothing, and no two signals share an id.
"""

from __future__ import annotations

import hashlib

import duckdb
import polars as pl

from resources.tables import frame_of
from sdr_assets.domain.signal_bulk import MAX_SIGNAL_ID, ROW_SCHEMA
from sdr_assets.domain.signal_events import occurrences

FACT_COLUMNS = "signal_id, event_key, company_domain, signal_type, observed_at, attributes"


def promote_reports(con: duckdb.DuckDBPyConnection, signal_ids: list[str]) -> list[str]:
    """Promote the reports of these signals that their stored row no longer holds (inside the caller's
    transaction); return the ids they are stored under in ``raw_signals``."""
    if not signal_ids:
        return []
    ids = sorted(set(signal_ids))
    reports = frame_of(con, "select rowid as report_row, * from merged_signal_reports "
                            "where signal_id in (select unnest(?::varchar[])) "
                            "order by merged_at, source_file, source_line", [ids])
    if not reports.height:
        return []
    kept = frame_of(con, f"select {FACT_COLUMNS} from raw_signals where signal_id in (select unnest(?::varchar[]))",
                    [ids])
    holds = dict(zip(kept["signal_id"].to_list(), occurrences(kept).to_list(), strict=True))
    moved: dict[tuple[str, str], str] = {}  # (old signal, event) -> the id its promoted report stands under
    taken = taken_ids(con, reports["reported_signal_id"].to_list())
    stands, repointed = [], []
    for report_row, signal_id, reported, key in zip(reports["report_row"].to_list(), reports["signal_id"].to_list(),
                                                    reports["reported_signal_id"].to_list(),
                                                    occurrences(reports).to_list(), strict=True):
        if signal_id in holds and holds[signal_id] == key:
            continue
        if (signal_id, key) in moved:
            repointed.append((report_row, moved[signal_id, key]))
        else:
            moved[signal_id, key] = free_id(reported, signal_id, taken)
            stands.append((report_row, moved[signal_id, key]))
    if repointed:
        con.register("_repointed", pl.DataFrame(repointed, schema={"report_row": pl.Int64, "into": pl.String},
                                                orient="row"))
        try:
            con.execute("update merged_signal_reports m set signal_id = r.into from _repointed r "
                        "where m.rowid = r.report_row")
        finally:
            con.unregister("_repointed")
    stand_as_signals(con, stands)
    return [into for _, into in stands]


def taken_ids(con: duckdb.DuckDBPyConnection, ids: list[str]) -> set[str]:
    """Which of these ids a stored signal holds."""
    held = con.execute("select distinct signal_id from raw_signals where signal_id in (select unnest(?::varchar[]))",
                       [ids]).fetchall()
    return {i for (i,) in held}


def free_id(reported: str, signal_id: str, taken: set[str]) -> str:
    """The id a report of ``signal_id`` stands under: its own, unless a stored signal holds that one
    (then one made from it, no longer than an id may be); the id is then taken."""
    new = reported
    if new in taken:
        digest = hashlib.sha256("\x1f".join((signal_id, reported)).encode()).hexdigest()[:10]
        new = f"{reported[:MAX_SIGNAL_ID - len(digest) - 1]}~{digest}"
    taken.add(new)
    return new


def stand_as_signals(con: duckdb.DuckDBPyConnection, stands: list[tuple[int, str]]) -> None:
    """Store each of these reports (by its place in ``merged_signal_reports``) in ``raw_signals`` under
    the id given, as stored when it was merged, and take it out of the reports (inside the caller's
    transaction)."""
    if not stands:
        return
    columns = ", ".join(f"m.{c}" for c in ROW_SCHEMA if c != "signal_id")
    con.register("_stands", pl.DataFrame(stands, schema={"report_row": pl.Int64, "into": pl.String}, orient="row"))
    try:
        con.execute(f"insert into raw_signals by name select s.into as signal_id, {columns}, "
                    "m.merged_at as ingested_at from merged_signal_reports m join _stands s on m.rowid = s.report_row")
        con.execute("delete from merged_signal_reports where rowid in (select report_row from _stands)")
    finally:
        con.unregister("_stands")
