"""Every row of ``escalation_events`` (a person's claim, note, snooze or hand-off, and the pipeline's
reply events), kept beside the warehouse file as well as in the table.

The queue is the fold of the pipeline's rows and these events, replayed in id order; the actions only
a person can give again, and a reply logged again after them would open what she handled. So each
event is also appended, a JSON line with its whole row, to ``<warehouse>.escalations.jsonl``
(``resources/store/beside.py``), made durable before the row commits, as play decisions are
(``resources/store/decision_log.py``). When a process attaches the file for writing, and before it
records an action, :func:`restore` brings the two together: the logged events the table lacks (a
rebuilt warehouse, a restored copy) are put back under their ids, and the id sequence moved past
them; the table's events the log lacks (a warehouse from before the log) are appended to it. While
the log's size and the table's row count are the ones last seen, neither is read whole.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import duckdb

from resources.store import beside
from resources.tables import advance_sequence, columns_of, insert_rows, one, table_exists
from sdr_assets import line_log

COLUMNS = ("event_id", "escalation_id", "action", "actor", "acted_at", "recorded_at", "until", "outcome", "note",
           "message_id")
_TIMES = ("acted_at", "recorded_at", "until")
# A line's field, beside the row's, naming the contact and reply of the opt-out a hand-off ``opted_out``
# recorded, so that it comes back with the event where the escalation's row is not there (yet).
OPTOUT_OF = "optout_of"
_OPTOUT_FIELDS = ("contact_email", "message_id")
_LOG = "escalations"  # the log's name, and the one row of escalation_log_marks
MARKS_DDL = ("create table if not exists escalation_log_marks (log varchar primary key, size bigint not null, "
             "lines bigint not null)")


def log_of(con: duckdb.DuckDBPyConnection) -> Path | None:
    """The log beside the file ``con`` works in; None for an in-memory one."""
    return beside.log_of(con, _LOG)


def log_path(warehouse_path: str | Path | None) -> Path | None:
    """The log beside a warehouse file; None for an in-memory one."""
    return beside.log_path(warehouse_path, _LOG)


def record(con: duckdb.DuckDBPyConnection, path: Path | None, rows: list[dict]) -> None:
    """Append ``rows`` (of ``escalation_events``, a hand-off's with its ``OPTOUT_OF``) and make them durable,
    inside the caller's transaction, which has inserted them; raises :class:`WarehouseUnavailable` if they
    could not be, so nothing commits."""
    if path is None or not rows:
        return
    lines = b"".join(_line(r) for r in rows)
    _append(path, lines)
    mark = _mark_of(con)
    count = one(con, "select count(*) from escalation_events")[0]
    if mark == (path.stat().st_size - len(lines), count - len(rows)):  # they agreed, and only these were added
        _keep(con, path)


def restore(con: duckdb.DuckDBPyConnection, path: Path | None,
            put_back: Callable[[list[dict]], object] | None = None) -> int:
    """Put back the logged events ``escalation_events`` lacks, by id, log the table's the log lacks, and
    move the id sequence past every id; the number put back. ``escalation_events`` must exist.
    ``put_back`` is given the events put back, to restore what their actions recorded with them."""
    if path is None or agreed(con, path):
        return 0
    table = {r[0]: dict(zip(COLUMNS, r, strict=True)) for r in con.execute(
        f"select {', '.join(COLUMNS)} from escalation_events order by event_id").fetchall()}
    logged = _logged(path) if path.exists() else {}
    missing = [logged[k] for k in sorted(logged.keys() - table.keys())]
    # One statement: ``executemany`` takes about a millisecond a row while others wait for the lock.
    insert_rows(con, "escalation_events", COLUMNS, [[r[c] for c in COLUMNS] for r in missing], "event_id", "nothing")
    if missing and put_back is not None:
        put_back(missing)
    unlogged = [table[k] for k in sorted(table.keys() - logged.keys())]
    if unlogged:
        _append(path, b"".join(_line(r) for r in unlogged))
    top = max([*logged, *table], default=0)
    advance_sequence(con, "escalation_event_ids", top)
    if path.exists():
        _keep(con, path)
    return len(missing)


def _append(path: Path, lines: bytes) -> None:
    beside.append(path, lines, "escalation actions", "nothing is recorded until it can; free space on its disk "
                                                     "or let this user write it, then run the command again")


def _line(row: dict) -> bytes:
    fields = {c: row.get(c).isoformat() if c in _TIMES and row.get(c) else row.get(c) for c in COLUMNS}
    if row.get(OPTOUT_OF):
        fields[OPTOUT_OF] = row[OPTOUT_OF]
    return json.dumps(fields, ensure_ascii=False, separators=(",", ":")).encode() + b"\n"


def _logged(path: Path) -> dict[int, dict]:
    """The log's events by id; a line that is none (one a crash cut short) is passed over."""
    lines, _ = line_log.read(path, line_log.Cursor(head=line_log.NO_LINE), keep_digest=False)
    found: dict[int, dict] = {}
    for raw in lines:
        try:
            fields = json.loads(raw)
            row = {c: fields.get(c) for c in COLUMNS}
            if not isinstance(row["event_id"], int) or not all(
                    isinstance(row[c], str) for c in ("escalation_id", "action", "actor", "acted_at", "recorded_at")):
                continue
            row.update({c: datetime.fromisoformat(row[c]) for c in _TIMES if row[c]})
            optout = fields.get(OPTOUT_OF)
            if isinstance(optout, dict) and all(isinstance(optout.get(f), str) for f in _OPTOUT_FIELDS):
                row[OPTOUT_OF] = {f: optout[f] for f in _OPTOUT_FIELDS}
        except (ValueError, TypeError, AttributeError, RecursionError):
            continue
        found.setdefault(row["event_id"], row)
    return found


def _mark_of(con: duckdb.DuckDBPyConnection) -> tuple[int, int] | None:
    """The log's size and the table's row count when last seen agreed; None if never (or in an earlier layout)."""
    if "lines" not in columns_of(con, "escalation_log_marks"):
        return None
    return one(con, "select size, lines from escalation_log_marks where log = ?", [_LOG])


def agreed(con: duckdb.DuckDBPyConnection, path: Path) -> bool:
    """Whether nothing was appended to the log, nor added to or taken from ``escalation_events`` (which
    must exist), since they last agreed."""
    size = path.stat().st_size if path.exists() else 0
    count = one(con, "select count(*) from escalation_events")[0]
    if size == 0 and count == 0:
        return True
    return _mark_of(con) == (size, count)


def _keep(con: duckdb.DuckDBPyConnection, path: Path) -> None:
    if table_exists(con, "escalation_log_marks") and "lines" not in columns_of(con, "escalation_log_marks"):
        con.execute("drop table escalation_log_marks")  # the layout of an earlier version, without the count
    con.execute(MARKS_DDL)
    con.execute("insert or replace into escalation_log_marks values (?, ?, (select count(*) from escalation_events))",
                [_LOG, path.stat().st_size])
