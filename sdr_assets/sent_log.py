"""Every message handed over, kept beside the warehouse file as well as in its ledger.

The ledger is what stops a message going twice, and it is a table people can edit: rows archived
by hand, a table rebuilt, a copy of last week's warehouse restored. So each message a transport
took is also appended here, a JSON line with its whole ledger row, made durable before its outcome
is committed. Before it plans, the send step puts back any row of its play's log that the ledger
lacks (so that message is not sent again), and adds to the log any sent row it lacks (rows kept
before the log). A row settled ``sent`` by reconciliation or a person is logged as it is settled, so
the log holds every sent row and a count can stand for the set. While the ledger's count of the
play's sent rows equals the log's count of lines and no row waits in ``sending``, the two agree and
neither is read: the lines are counted from where the last count ended (``sent_log_marks``), so a
send step reads only what the last batch appended, not the play's whole history. A log rotated
(``<play>.jsonl.1``, gzipped or not) is read with the files rotated beside it.
"""

from __future__ import annotations

import json
import math
import os
import re
import tempfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import duckdb

from sdr_assets import line_log
from sdr_assets.domain.sequencing import RETRIED

# The ledger's columns (sends.LEDGER_DDL) in the order of a ledger row, with their DuckDB types.
COLUMNS = {
    "send_key": "varchar", "play": "varchar", "play_version": "varchar", "approved_by": "varchar",
    "draft_id": "varchar", "company_domain": "varchar", "contact_email": "varchar", "mailbox": "varchar",
    "step": "integer", "variant": "varchar", "signal_type": "varchar", "fit": "double", "subject": "varchar",
    "status": "varchar", "reason": "varchar", "message_id": "varchar", "transport_id": "varchar",
    "sent_at": "timestamptz", "segment": "varchar", "content_digest": "varchar",
}
_NAMES = ", ".join(COLUMNS)
_TAKEN_OVER = ", ".join(f"{c} = excluded.{c}" for c in COLUMNS if c != "send_key")
MARKS_DDL = ("create table if not exists sent_log_marks (play varchar primary key, byte_offset bigint not null, "
             "head varchar not null, lines bigint not null)")
_READ = ("(select * from read_json(?, format = 'newline_delimited', ignore_errors = true, columns = {"
         + ", ".join(f"'{name}': '{kind}'" for name, kind in COLUMNS.items())
         + "}) where send_key is not null and play = ? and status = 'sent' "
         "qualify row_number() over (partition by send_key order by sent_at) = 1)")


def log_path(warehouse_path: str | Path | None, play: str) -> Path | None:
    """The log of ``play``'s hand-overs, beside the warehouse file (whatever path names it); None for
    an in-memory warehouse, which outlives no process."""
    if warehouse_path in (None, "", ":memory:"):
        return None
    return Path(f"{os.path.realpath(warehouse_path)}.sent") / f"{play}.jsonl"


class Unwritable(OSError):
    """The log cannot take rows the ledger holds as sent (a full disk, a folder this user may not write);
    its message names the file, the error and what to do."""

    def __init__(self, path: Path, cause: OSError):
        super().__init__(cause.errno, cause.strerror)
        self.path, self.cause = path, cause

    def __str__(self) -> str:
        return (f"the log of messages handed over, {self.path}, cannot be written ({self.cause}): free space on its "
                "disk or let this user write to its folder, then run again; the send step first adds to the log "
                "the sent rows of send_ledger it lacks, so none is sent twice")


def record(path: Path | None, rows: list[list]) -> None:
    """Append ledger rows (values in :data:`COLUMNS` order) and make them durable; raises
    :class:`Unwritable` if they could not be."""
    if path is None or not rows:
        return
    try:
        line_log.append(path, b"".join(_line(row) for row in rows))
    except OSError as exc:
        raise Unwritable(path, exc) from exc


def record_settled(con: duckdb.DuckDBPyConnection, path: Path | None, send_key: str) -> None:
    """Append the ledger's row of ``send_key`` as this connection sees it: a row settled ``sent`` by
    reconciliation or a person, logged before that settlement commits."""
    rows = con.execute(f"select {_NAMES} from send_ledger where send_key = ?", [send_key]).fetchall()
    record(path, [list(row) for row in rows])


def holds(path: Path | None, message_id: str) -> bool:
    """Whether the log (the current file or one rotated beside it) says a transport took ``message_id``."""
    if path is None or not message_id:
        return False
    lines, _ = line_log.read(path, line_log.Cursor(head=line_log.NO_LINE), keep_digest=False)
    needle = json.dumps(message_id, ensure_ascii=False).encode()
    for line in lines:
        if needle in line:
            try:
                if json.loads(line).get("message_id") == message_id:
                    return True
            except (ValueError, AttributeError):
                continue
    return False


def _line(row: list) -> bytes:
    values = dict(zip(COLUMNS, (_plain(v) for v in row), strict=True))
    return json.dumps(values, ensure_ascii=False, separators=(",", ":")).encode() + b"\n"


def _plain(value):
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


@dataclass(frozen=True)
class Agreement:
    """What bringing the ledger and the log together did for one play."""

    restored: int = 0  # rows of the log the ledger had lost, put back
    logged: int = 0  # sent rows of the ledger the log lacked, added
    handed_over: frozenset[str] = frozenset()  # Message-IDs of ``sending`` rows the log says were taken


def agree(con: duckdb.DuckDBPyConnection, path: Path | None, play: str) -> Agreement:
    """Put back the log's rows the ledger lacks and log the ledger's sent rows the log lacks (raising
    :class:`Unwritable` if it cannot). Call under the send lock, after the ledger's table is made."""
    if path is None:
        return Agreement()
    con.execute(MARKS_DDL)
    mark = con.execute("select byte_offset, head, lines from sent_log_marks where play = ?", [play]).fetchone()
    # No mark (a copy from before the play's first count): every line counts, those of the files rotated
    # beside a current file that may be gone too.
    since = line_log.Cursor(mark[0], mark[1]) if mark else line_log.Cursor(head=line_log.NO_LINE)
    appended, cursor = line_log.read(path, since, keep_digest=False)
    same = mark is not None and cursor.head == mark[1] and cursor.offset >= mark[0]
    lines = (mark[2] if same else 0) + len(appended)
    sent, sending = con.execute(
        "select count(*) filter (where status = 'sent'), count(*) filter (where status = 'sending') "
        "from send_ledger where play = ?", [play]).fetchone()
    if not sending and sent == lines:
        if not same or appended:
            _keep(con, play, cursor, lines)
        return Agreement()
    _load(con, path, play)
    try:
        # A row kept as held or suppressed (a restored copy from before the message went) is one a later
        # claim takes over: the log's row, which says the message went, replaces it.
        restored = con.execute(f"insert into send_ledger ({_NAMES}) select {_NAMES} from _sent_log "
                               f"on conflict (send_key) do update set {_TAKEN_OVER} "
                               f"where send_ledger.status in {RETRIED!r} returning send_key").fetchall()
        handed_over = con.execute("select l.message_id from send_ledger l join _sent_log j using (send_key, message_id) "
                                  "where l.status = 'sending' and l.play = ?", [play]).fetchall()
        missing = con.execute(f"select {_NAMES} from send_ledger where play = ? and status = 'sent' and send_key "
                              "not in (select send_key from _sent_log) order by sent_at, send_key", [play]).fetchall()
        held = con.execute("select count(*) from _sent_log").fetchone()[0] + len(missing)
    finally:
        con.execute("drop table if exists _sent_log")
    record(path, [list(row) for row in missing])
    # From here on the count is of the rows the log holds, so a line a crash cut short, or one logged
    # twice, is not counted again at every step.
    _, cursor = line_log.read(path, line_log.Cursor(), keep_digest=False)
    _keep(con, play, cursor, held)
    return Agreement(len(restored), len(missing), frozenset(m for (m,) in handed_over))


def agree_all(con: duckdb.DuckDBPyConnection, path: Path | None, play: str) -> Agreement:
    """:func:`agree` for ``play``'s log at ``path`` and for every other play's log beside it: a play
    renamed (its sequences go on under the new name) or gone from the files has no send step of its
    own, yet what it sent since a restored copy must come back, for the plays that read its rows."""
    agreed = agree(con, path, play)
    if path is None:
        return agreed
    try:  # a play's log by its current file or by the files rotated beside it (``<play>.jsonl.1.gz``)
        names = {m["play"] for p in path.parent.iterdir()
                 if p.is_file() and (m := re.fullmatch(r"(?P<play>.+?)\.jsonl(?:[.-].*)?", p.name))}
    except OSError:
        names = set()
    others = [path.parent / f"{name}.jsonl" for name in sorted(names - {play})]
    restored, logged, handed_over = agreed.restored, agreed.logged, set(agreed.handed_over)
    for other in others:
        also = agree(con, other, other.name.removesuffix(".jsonl"))
        restored, logged = restored + also.restored, logged + also.logged
        handed_over |= also.handed_over
    return Agreement(restored, logged, frozenset(handed_over))


def _load(con: duckdb.DuckDBPyConnection, path: Path, play: str) -> None:
    """Read the log once, into a table of this connection (``_sent_log``): the current file and every
    file rotated beside it (``<play>.jsonl.1``, gzipped or not), whole. A rotated file holds the
    messages of the batches before its rotation, which a warehouse copy from then lacks."""
    if not line_log.rotated(path):
        _table(con, path if path.exists() and path.stat().st_size else None, play)
        return
    every, _ = line_log.read(path, line_log.Cursor(head=line_log.NO_LINE), keep_digest=False)
    with tempfile.NamedTemporaryFile(suffix=".jsonl") as whole:
        whole.write(b"".join(line + b"\n" for line in every))
        whole.flush()
        _table(con, Path(whole.name) if every else None, play)


def _table(con: duckdb.DuckDBPyConnection, lines: Path | None, play: str) -> None:
    if lines is None:
        con.execute(f"create or replace temp table _sent_log as select {_NAMES} from send_ledger where false")
    else:
        con.execute(f"create or replace temp table _sent_log as select * from {_READ}", [str(lines), play])


def _keep(con: duckdb.DuckDBPyConnection, play: str, cursor: line_log.Cursor, lines: int) -> None:
    con.execute("insert or replace into sent_log_marks values (?, ?, ?, ?)", [play, cursor.offset, cursor.head, lines])
