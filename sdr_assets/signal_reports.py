"""Merged reports whose signal is gone stand as signals again.

A report merged into a stored signal (``merged_signal_reports``) keeps its whole row. When that signal
leaves ``raw_signals`` (a rescreen moved it to the quarantine) or is corrected into another event,
the earliest of its reports of each event it no longer names is stored in ``raw_signals`` in its
place, and the others of that event become reports of it: no report points at nothing.
"""

from __future__ import annotations

import duckdb
import polars as pl

from resources.tables import frame_of
from sdr_assets.domain.signal_bulk import ROW_SCHEMA
from sdr_assets.domain.signal_events import occurrences

FACT_COLUMNS = "signal_id, event_key, company_domain, signal_type, observed_at, attributes"


def promote_reports(con: duckdb.DuckDBPyConnection, signal_ids: list[str]) -> list[str]:
    """Promote the reports of these signals that their stored row no longer holds (inside the caller's
    transaction); return the ids stored in ``raw_signals``."""
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
    moved: dict[tuple[str, str], str] = {}  # (old signal, event) -> the report promoted for it
    stands, repointed = [], []
    for report_row, signal_id, reported, key in zip(reports["report_row"].to_list(), reports["signal_id"].to_list(),
                                                    reports["reported_signal_id"].to_list(),
                                                    occurrences(reports).to_list(), strict=True):
        if signal_id in holds and holds[signal_id] == key:
            continue
        if (signal_id, key) in moved:
            repointed.append((reported, moved[signal_id, key]))
        else:
            moved[signal_id, key] = reported
            stands.append((report_row, reported))
    stand_as_signals(con, stands)
    if repointed:
        con.register("_repointed", pl.DataFrame(repointed, schema=["reported", "into"], orient="row"))
        con.execute("update merged_signal_reports m set signal_id = r.into from _repointed r "
                    "where m.reported_signal_id = r.reported")
        con.unregister("_repointed")
    return [reported for _, reported in stands]


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
