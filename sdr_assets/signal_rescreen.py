"""Stored signal rows judged again: those today's validator refuses, and repeats of an earlier row's id
or event, move to the quarantine with their reason.

Rows an earlier version of the project (or a hand) stored may break a blocking rule of the
``raw_signals`` suite, which judges every stored row: left there, one such row would stop the
signals job for every play at every run. The signals run re-screens the stored rows when asked to
rebuild (``full_refresh``) or when the suite's last outcome failed a blocking rule.
"""

from __future__ import annotations

import json
from datetime import datetime

import duckdb
import polars as pl

from resources.tables import frame_of, one, table_exists, transaction
from sdr_assets.domain.signals import MAX_RAW, Quarantined, validate_signal
from sdr_assets.signal_reports import promote_reports


def blocking_failure_stands(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether the raw_signals suite's last outcome failed a blocking rule."""
    if not table_exists(con, "quality_validations"):
        return False
    row = one(con, "select outcomes from quality_validations where suite = 'raw_signals'")
    outcomes = json.loads(row[0]) if row else {}
    return any(o.get("blocking") and not o.get("success") for o in outcomes.values())


def _refusal(row: dict, now: datetime, ids: set, events: set) -> str | None:
    record = {**row, "observed_at": row["observed_at"].isoformat() if row["observed_at"] else None}
    try:
        validate_signal(record, now)
    except Exception as exc:  # whatever an old row holds, it is judged, never raised
        return f"refused when the stored rows were screened again: {str(exc)[:300]}"
    if row["signal_id"] in ids or row["event_key"] in events:
        return "repeats the id or the event of an earlier stored row"
    return None


def _screen(stored: pl.DataFrame, now: datetime, ids: set, events: set
            ) -> tuple[list[Quarantined], list[int], list[str]]:
    """The refused rows of ``stored`` (in order, after the rows already kept in ``ids`` and ``events``):
    what to quarantine, their row numbers and their signal ids."""
    moved, rows, left = [], [], []
    for row in stored.iter_rows(named=True):
        reason = _refusal(row, now, ids, events)
        if reason is None:
            ids.add(row["signal_id"])
            events.add(row["event_key"])
            continue
        raw = json.dumps({k: v for k, v in row.items() if k != "row_number"}, default=str, ensure_ascii=False)
        moved.append(Quarantined(row["source_file"] or "raw_signals", row["source_line"] or 0, reason, raw[:MAX_RAW]))
        rows.append(row["row_number"])
        left.append(row["signal_id"])
    return moved, rows, left


def rescreen(con: duckdb.DuckDBPyConnection, now: datetime) -> list[Quarantined]:
    """Move every stored row that is refused now from ``raw_signals`` to ``quarantined_signal_rows``,
    under the file and line it came from; return what was moved. Earlier rows are kept first. A moved
    signal's merged reports stand in its place (``signal_reports``) only if they pass the same screen:
    those refused move too, and their own reports are judged in turn, until nothing moves."""
    stored = frame_of(con, _QUERY.format(""))
    ids, events = set(), set()
    moved, rows, left = _screen(stored, now, ids, events)
    if not rows:
        return []
    with transaction(con):
        return _settle(con, now, (moved, rows, left), ids, events, set(stored["row_number"].to_list()))


def stand_screened(con: duckdb.DuckDBPyConnection, signal_ids: list[str], now: datetime) -> list[Quarantined]:
    """Promote the reports of these signals that their row no longer holds (``signal_reports``), each
    screened as a rescreen would judge it (inside the caller's transaction): one refused is quarantined
    and the next report of its event is judged in turn. Return what was quarantined."""
    promoted = promote_reports(con, signal_ids)
    if not promoted:  # as for most runs: nothing to screen, and no stored row is read
        return []
    stood = _stood(con, promoted, set())
    seen = set(stood["row_number"].to_list())
    ids, events = _clashing(con, stood)
    return _settle(con, now, _screen(stood, now, ids, events), ids, events, seen)


def _clashing(con: duckdb.DuckDBPyConnection, stood: pl.DataFrame) -> tuple[set, set]:
    """The ids and events of the other stored rows that repeat those of ``stood``: the only kept rows a
    promoted row can clash with. Rows screened before are kept (their ids and events are the
    caller's already) or gone, so only ``stood``'s own rows are left out, not every row seen."""
    clash = frame_of(con, "select signal_id, event_key from raw_signals where rowid not in "
                          "(select unnest(?::bigint[])) and (signal_id in (select unnest(?::varchar[])) "
                          "or event_key in (select unnest(?::varchar[])))",
                     [stood["row_number"].to_list(), stood["signal_id"].drop_nulls().to_list(),
                      stood["event_key"].drop_nulls().to_list()])
    return set(clash["signal_id"].to_list()), set(clash["event_key"].to_list())


_QUERY = "select rowid as row_number, * from raw_signals {} order by ingested_at, rowid"


def _settle(con: duckdb.DuckDBPyConnection, now: datetime, refused: tuple[list[Quarantined], list[int], list[str]],
            ids: set, events: set, seen: set) -> list[Quarantined]:
    """Quarantine the refused rows, promote the reports of their signals and screen those, until none
    is refused; return what was quarantined."""
    moved, rows, left = refused
    done: list[Quarantined] = []
    while rows:
        con.execute("delete from raw_signals where rowid in (select unnest(?::bigint[]))", [rows])
        con.executemany("insert into quarantined_signal_rows (source_file, line, reason, raw, quarantined_at) "
                        "values (?, ?, ?, ?, ?)", [[q.source_file, q.line, q.reason, q.raw, now] for q in moved])
        done += moved
        stood = _stood(con, promote_reports(con, [i for i in left if i is not None and i not in ids]), seen)
        seen.update(stood["row_number"].to_list())
        clash_ids, clash_events = _clashing(con, stood) if stood.height else (set(), set())
        ids.update(clash_ids)
        events.update(clash_events)
        moved, rows, left = _screen(stood, now, ids, events)
    return done


def _stood(con: duckdb.DuckDBPyConnection, promoted: list[str], seen: set) -> pl.DataFrame:
    """The stored rows of the promoted reports not screened yet: each of the few rows read is looked up
    in ``seen`` (every stored row number, in a full refresh), which is never listed again per round."""
    stood = frame_of(con, _QUERY.format("where signal_id in (select unnest(?::varchar[]))"), [promoted])
    fresh = [number not in seen for number in stood["row_number"].to_list()]
    return stood.filter(pl.Series(fresh, dtype=pl.Boolean))
