"""Every decision on a play, kept beside the warehouse file as well as in ``play_approvals``.

The gate reads the table, and the table lives only in the file: a copy of the warehouse restored
after damage would bring back a play a person rejected or revoked after the copy was taken. So each
decision is also appended, a JSON line with its whole row, to ``<warehouse>.decisions.jsonl`` (the
file's, where its path is a symbolic link), made durable before the row commits
(:mod:`sdr_assets.line_log`). When a process attaches the file for writing, and before it records a
decision, :func:`agree` brings the two together: the log's decisions the table lacks are put back
under their ids, times, names and notes, in order; the table's decisions the log lacks (a warehouse
from before the log, a row added by hand) are appended to the log, once. A decision whose command
died between its line and its commit counts: the log is the record. One id holding two different
decisions stops every writer (:class:`DecisionsDisagree`) until a person says which was taken.
While nothing was appended to the log since the last look (``decision_log_marks``) and the table's
row count equals the log's lines, neither is read whole. A log rotated beside itself is read with it.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from resources.damage import WarehouseUnavailable
from resources.store import beside
from resources.tables import one, table_exists
from sdr_assets import line_log

COLUMNS = ("decision_id", "play", "version_hash", "decision", "decided_by", "decided_at", "note", "mode",
           "content_sha256")
MARKS_DDL = ("create table if not exists decision_log_marks (log varchar primary key, byte_offset bigint not null, "
             "head varchar not null, lines bigint not null)")
_LOG = "decisions"  # the one row of decision_log_marks


class DecisionsDisagree(WarehouseUnavailable):
    """The warehouse and the log beside it hold two different decisions under one id."""


def log_path(warehouse_path: str | Path | None) -> Path | None:
    """The log of the decisions of a warehouse file; None for an in-memory one."""
    return beside.log_path(warehouse_path, _LOG)


def log_of(con: duckdb.DuckDBPyConnection) -> Path | None:
    """The log beside the file ``con`` works in."""
    return beside.log_of(con, _LOG)


def record(con: duckdb.DuckDBPyConnection, path: Path | None, row: list) -> None:
    """Append one decision (values in :data:`COLUMNS` order) and make it durable, inside the caller's
    transaction, which holds the table and the log agreed (:func:`settled`) and has inserted the row;
    raises :class:`WarehouseUnavailable` if it could not be. The mark moves past the line, so the next
    look does not read both whole again for it, only where the line is all the log gained."""
    if path is None:
        return
    line = _line(dict(zip(COLUMNS, row, strict=True)))
    mark = one(con, "select byte_offset, head, lines from decision_log_marks where log = ?", [_LOG]) \
        if table_exists(con, "decision_log_marks") else None
    _append(path, line)
    appended, cursor = line_log.read(path, line_log.Cursor(mark[0], mark[1]) if mark else line_log.Cursor(),
                                       keep_digest=False)
    if appended == [line.rstrip(b"\n")]:
        _keep(con, cursor, (mark[2] if mark else 0) + 1)


def _append(path: Path, lines: bytes) -> None:
    beside.append(path, lines, "decisions", "no decision is recorded and nothing is sent until it can")


def settled(con: duckdb.DuckDBPyConnection, path: Path | None) -> bool:
    """Whether the table and the log agree without reading either whole: nothing was appended to the
    log since the last look, and the table holds as many decisions as the log has lines."""
    if path is None:
        return True
    if table_exists(con, "decision_log_marks") and table_exists(con, "play_approvals"):
        mark = one(con, "select byte_offset, head, lines, (select count(*) from play_approvals) "
                        "from decision_log_marks where log = ?", [_LOG])
    else:
        mark = None
    appended, cursor = line_log.read(path, line_log.Cursor(mark[0], mark[1]) if mark else line_log.Cursor(),
                                       keep_digest=False)
    if mark is not None:
        return not appended and cursor.head == mark[1] and cursor.offset == mark[0] and mark[3] == mark[2]
    return not appended and not (table_exists(con, "play_approvals")
                                 and one(con, "select count(*) from play_approvals")[0])


def agree(con: duckdb.DuckDBPyConnection, path: Path | None, make_table) -> None:
    """Put back the log's decisions the table lacks and log the table's the log lacks, inside the
    caller's transaction; ``make_table`` makes ``play_approvals`` (current columns) first."""
    if path is None:
        return
    make_table(con)
    logged = _logged(path)
    table = {r[0]: dict(zip(COLUMNS, r)) for r in con.execute(
        f"select {', '.join(COLUMNS)} from play_approvals order by decision_id").fetchall()}
    for key in sorted(logged.keys() & table.keys()):
        if _same(logged[key], table[key]):
            continue
        raise DecisionsDisagree(
            f"decision {key} is `{_told(table[key])}` in the warehouse and `{_told(logged[key])}` in the log "
            f"beside it ({path}); nothing was read from the warehouse or sent. Keep both files: while no sdr process "
            "runs, remove the one that was not taken (its line in the log or its row in play_approvals), then "
            "record again any decision it stood for.")
    for key in sorted(logged.keys() - table.keys()):
        con.execute(f"insert into play_approvals ({', '.join(COLUMNS)}) values ({', '.join('?' * len(COLUMNS))})",
                    [logged[key][c] for c in COLUMNS])
    missing = [table[key] for key in sorted(table.keys() - logged.keys())]
    if missing:
        _append(path, b"".join(_line(row) for row in missing))
    _, cursor = line_log.read(path, line_log.Cursor(), keep_digest=False)
    _keep(con, cursor, len(logged.keys() | table.keys()))


def _logged(path: Path) -> dict[int, dict]:
    """The log's decisions by id, the current file and every one rotated beside it; a line that is
    no decision (one a crash cut short) is passed over, and the first of an id's repeats kept."""
    lines, _ = line_log.read(path, line_log.Cursor(head=line_log.NO_LINE), keep_digest=False)
    found: dict[int, dict] = {}
    for raw in lines:
        try:
            fields = json.loads(raw)
            row = {c: fields[c] for c in COLUMNS}
            at = datetime.fromisoformat(row["decided_at"])
            if not isinstance(row["decision_id"], int) or not all(
                    isinstance(row[c], str) for c in ("play", "version_hash", "decision", "decided_by")):
                continue
        except (ValueError, KeyError, TypeError, RecursionError, AttributeError):
            continue
        found.setdefault(row["decision_id"], {**row, "decided_at": at if at.tzinfo else at.replace(tzinfo=UTC)})
    return found


def _same(logged: dict, kept: dict) -> bool:
    return all(logged[c] == kept[c] for c in COLUMNS)


def _told(row: dict) -> str:
    return f"{row['decision']} {row['play']} by {row['decided_by']} at {row['decided_at'].isoformat()}"


def _line(row: dict) -> bytes:
    fields = {**row, "decided_at": row["decided_at"].isoformat()}
    return json.dumps(fields, ensure_ascii=False, separators=(",", ":")).encode() + b"\n"


def _keep(con: duckdb.DuckDBPyConnection, cursor: line_log.Cursor, lines: int) -> None:
    con.execute(MARKS_DDL)
    con.execute("insert or replace into decision_log_marks values (?, ?, ?, ?)", [_LOG, cursor.offset, cursor.head,
                                                                                   lines])
