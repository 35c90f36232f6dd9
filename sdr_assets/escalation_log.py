"""People's actions on escalations (claims, notes, snoozes, hand-offs), kept beside the warehouse file
as well as in ``escalation_events``.

The queue is the fold of the pipeline's rows and these actions, and the pipeline can rebuild its rows
from the replies; the actions only a person can give again. So each one is also appended, a JSON line
with its whole row, to ``<warehouse>.escalations.jsonl``, made durable before the row commits
(:mod:`sdr_assets.line_log`), as play decisions are (``resources/store/decision_log.py``). When a
process attaches the file for writing, and before it records an action, :func:`restore` puts back
under their ids the logged actions the table lacks (a rebuilt warehouse, a restored copy), and moves
the id sequence past them. While the log's size is the one the table last saw, it is not read.
"""

from __future__ import annotations

import json
import os
from datetime import datetime
from pathlib import Path

import duckdb

from resources.tables import one, table_exists
from sdr_assets import line_log

COLUMNS = ("event_id", "escalation_id", "action", "actor", "acted_at", "recorded_at", "until", "outcome", "note",
           "message_id")
_TIMES = ("acted_at", "recorded_at", "until")
INSERT_SQL = f"insert into escalation_events ({', '.join(COLUMNS)}) values ({', '.join('?' * len(COLUMNS))})"
MARKS_DDL = "create table if not exists escalation_log_marks (log varchar primary key, size bigint not null)"


def log_path(warehouse_path: str | Path | None) -> Path | None:
    """The log of a warehouse file's escalation actions; None for an in-memory one."""
    if warehouse_path in (None, "", ":memory:"):
        return None
    return Path(f"{os.path.realpath(warehouse_path)}.escalations.jsonl")


def log_of(con: duckdb.DuckDBPyConnection) -> Path | None:
    row = one(con, "select path from duckdb_databases() where database_name = current_database()")
    return log_path(row[0] if row else None)


def record(con: duckdb.DuckDBPyConnection, path: Path | None, row: dict) -> None:
    """Append one action (a row of ``escalation_events``) and make it durable, inside the caller's
    transaction, which has inserted the row; raises OSError if it could not be, so nothing commits."""
    if path is None:
        return
    fields = {c: row.get(c).isoformat() if c in _TIMES and row.get(c) else row.get(c) for c in COLUMNS}
    line_log.append(path, json.dumps(fields, ensure_ascii=False, separators=(",", ":")).encode() + b"\n")
    _mark(con, path)


def restore(con: duckdb.DuckDBPyConnection, path: Path | None) -> int:
    """Put back the logged actions ``escalation_events`` lacks, by id, and move its id sequence past
    every id logged; the number put back. ``escalation_events`` must exist."""
    if path is None or not path.exists() or _seen(con, path):
        return 0
    have = {r[0] for r in con.execute("select event_id from escalation_events").fetchall()}
    logged = _logged(path)
    missing = [logged[k] for k in sorted(logged.keys() - have)]
    if missing:
        con.executemany(INSERT_SQL, [[r[c] for c in COLUMNS] for r in missing])
    top = max([*logged, *have], default=0)
    current = one(con, "select last_value from duckdb_sequences() where sequence_name = 'escalation_event_ids' "
                       "and database_name = current_database()")
    behind = top - ((current[0] if current else None) or 0)
    if behind > 0:
        con.execute("select max(nextval('escalation_event_ids')) from range(?)", [behind])
    _mark(con, path)
    return len(missing)


def _logged(path: Path) -> dict[int, dict]:
    """The log's actions by id; a line that is none (one a crash cut short) is passed over."""
    lines, _ = line_log.read(path, line_log.Cursor(head=line_log.NO_LINE))
    found: dict[int, dict] = {}
    for raw in lines:
        try:
            fields = json.loads(raw)
            row = {c: fields.get(c) for c in COLUMNS}
            if not isinstance(row["event_id"], int) or not all(
                    isinstance(row[c], str) for c in ("escalation_id", "action", "actor", "acted_at", "recorded_at")):
                continue
            row.update({c: datetime.fromisoformat(row[c]) for c in _TIMES if row[c]})
        except (ValueError, TypeError, AttributeError, RecursionError):
            continue
        found.setdefault(row["event_id"], row)
    return found


def _seen(con: duckdb.DuckDBPyConnection, path: Path) -> bool:
    if not table_exists(con, "escalation_log_marks"):
        return False
    mark = one(con, "select size from escalation_log_marks where log = 'escalations'")
    return mark is not None and mark[0] == path.stat().st_size


def _mark(con: duckdb.DuckDBPyConnection, path: Path) -> None:
    con.execute(MARKS_DDL)
    con.execute("insert or replace into escalation_log_marks values ('escalations', ?)", [path.stat().st_size])
