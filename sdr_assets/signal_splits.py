"""Stored merges split again where today's rules keep apart what earlier rules merged.

Earlier rules merged rows that today's keep apart: one source's rows of a careers URL naming
different roles were one event. Once for each version of the rules (``signal_upgrade``), each stored
signal's reports are judged again as today's rules would have merged them: the signal's own row
first (it keeps its id, and so the drafts written from it), then its reports from the nearest in
time outwards (a posting's window slides from report to report). A report that joins no event of
the signal's stands as a signal of its own, under its own id (else, if a stored signal holds that
id, one made from it and its old signal's id: the same on every run), and the later reports of its
event become its reports. A row today's rules cannot place (no key or time) stays as it is. Rows
only move between the two tables: none is lost or copied.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import duckdb
import polars as pl

from resources.tables import frame_of
from sdr_assets.domain.signal_events import Events, is_posting, occurrences, roles
from sdr_assets.signal_reports import free_id, stand_as_signals, taken_ids

Held = dict[str, list[tuple]]  # a signal's stored posting reports: (key, source, role, observed_at)


def split_stored(con: duckdb.DuckDBPyConnection) -> tuple[int, Held]:
    """Split the stored merges today's rules keep apart (inside the caller's transaction); return how
    many reports now stand as signals, and the posting reports each signal holds after the split, in
    the order they were stored (read once, here, for the merge that follows)."""
    reports = frame_of(con, "select rowid as report_row, * from merged_signal_reports "
                            "order by merged_at, source_file, source_line, rowid")
    if not reports.height:
        return 0, {}
    signals = frame_of(con, "select signal_id, company_domain, signal_type, observed_at, attributes, source "
                            "from raw_signals where signal_id in (select unnest(?::varchar[])) "
                            "order by ingested_at, rowid",
                       [reports["signal_id"].unique().to_list()]).unique("signal_id", keep="first", maintain_order=True)
    kept = {s: row for s, *row in zip(signals["signal_id"].to_list(), occurrences(signals).to_list(),
                                      signals["source"].str.to_lowercase().to_list(), roles(signals).to_list(),
                                      signals["observed_at"].to_list(), strict=True)}
    rows = list(zip(reports["signal_id"].to_list(), occurrences(reports).to_list(),
                    reports["source"].str.to_lowercase().to_list(), roles(reports).to_list(),
                    reports["observed_at"].to_list(), strict=True))
    of_signal: dict[str, list[int]] = {}
    for at, (signal_id, *_) in enumerate(rows):
        of_signal.setdefault(signal_id, []).append(at)
    taken = taken_ids(con, reports["reported_signal_id"].to_list())
    reported, report_rows = reports["reported_signal_id"].to_list(), reports["report_row"].to_list()
    stands, moves = [], []
    for signal_id, ats in of_signal.items():
        if signal_id not in kept or None in kept[signal_id]:  # gone, or a row the rescreen will judge
            continue
        for at, into, new in _judged(signal_id, kept[signal_id], [(*rows[a][1:], reported[a]) for a in ats],
                                     lambda own, signal_id=signal_id: free_id(own, signal_id, taken)):
            (stands if new else moves).append((report_rows[ats[at]], into))
    _write(con, stands, moves)
    return len(stands), _held(rows, report_rows, stands, moves)


def _held(rows: list[tuple], report_rows: list[int], stands: list[tuple[int, str]],
          moves: list[tuple[int, str]]) -> Held:
    """The posting reports (``rows``, stored at ``report_rows``) each signal holds once the standing
    ones left and the moved ones joined their new signals."""
    stood, into = {row for row, _ in stands}, dict(moves)
    held: Held = {}
    for (signal_id, key, *row), report_row in zip(rows, report_rows, strict=True):
        if report_row not in stood and key is not None and is_posting(key):
            held.setdefault(into.get(report_row, signal_id), []).append((key, *row))
    return held


def _judged(signal_id: str, own: list, rows: list[tuple], free: Callable[[str], str]
            ) -> Iterator[tuple[int, str, bool]]:
    """Each of the signal's reports (key, source, role, time, own id) that no longer joins it: its
    place, the signal it joins or the id it stands under, and whether it stands. A report without a
    key or a time stays as it is: today's rules cannot place it."""
    key, source, role, observed_at = own
    events = Events()
    events.add(key, signal_id, source, role, observed_at)
    judged = (n for n, row in enumerate(rows) if row[0] is not None and row[3] is not None)
    for n in sorted(judged, key=lambda n: (abs(rows[n][3] - observed_at), n)):
        row_key, row_source, row_role, at, reported = rows[n]
        other = events.find(row_key, row_source, row_role, at)
        if other is None:
            other = free(reported)
            yield n, other, True
        elif other != signal_id:
            yield n, other, False
        events.add(row_key, other, row_source, row_role, at)


def _write(con: duckdb.DuckDBPyConnection, stands: list[tuple[int, str]], moves: list[tuple[int, str]]) -> None:
    """Point the moved reports at their new signals, then store each standing report as a signal
    under its id (``signal_reports``); rows by their place in ``merged_signal_reports``."""
    con.register("_moves", pl.DataFrame(moves, schema={"report_row": pl.Int64, "into": pl.String}, orient="row"))
    try:
        con.execute("update merged_signal_reports m set signal_id = p.into from _moves p where m.rowid = p.report_row")
    finally:
        con.unregister("_moves")
    stand_as_signals(con, stands)
