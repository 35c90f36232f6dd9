"""Whether replies are flowing: sending fails closed when opt-outs might be stuck upstream.

An unsubscribe, complaint or hard bounce only protects a prospect once it is classified. So the
send step refuses to send while the mailbox could not be read on its last attempt, or while
replies fetched more than a few minutes ago are neither classified nor quarantined. A poison
message is quarantined with its reason (``quarantined_replies``), so it never holds up the rest.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import duckdb

from resources.tables import one, table_exists

INTAKE_DDL = """
create table if not exists reply_intake (
    intake varchar primary key,
    mailbox varchar not null,
    last_attempt_at timestamptz not null,
    last_success_at timestamptz,
    last_error varchar
)
"""
QUARANTINE_DDL = """
create table if not exists quarantined_replies (
    message_id varchar primary key,
    message_key varchar,
    reason varchar not null,
    quarantined_at timestamptz not null
)
"""
BACKLOG_SQL = "select count(*), min(r.fetched_at) from raw_replies r where r.fetched_at < ?"
PROCESSED_IN = " and not exists (select 1 from {table} t where t.message_id = r.message_id)"


def record_attempt(con: duckdb.DuckDBPyConnection, mailbox: str, now: datetime, error: str | None = None) -> None:
    """The last read of the reply mailbox (one row: whichever mailbox is configured now)."""
    con.execute(INTAKE_DDL)
    con.execute(
        "insert into reply_intake values ('replies', ?, ?, ?, ?) on conflict (intake) do update set "
        "mailbox = excluded.mailbox, last_attempt_at = excluded.last_attempt_at, last_error = excluded.last_error, "
        "last_success_at = coalesce(excluded.last_success_at, reply_intake.last_success_at)",
        [mailbox, now, None if error else now, error[:500] if error else None],
    )


def sending_blocker(con: duckdb.DuckDBPyConnection, now: datetime, max_lag: timedelta) -> str | None:
    """Why sending must wait for reply processing, or None when opt-outs are up to date."""
    if table_exists(con, "reply_intake"):
        failed = con.execute("select mailbox, last_attempt_at, last_success_at, last_error from reply_intake "
                             "where last_error is not null").fetchall()
        if failed:
            mailbox, attempt, success, error = failed[0]
            since = f"last read {success:%Y-%m-%d %H:%M} UTC" if success else "never read"
            return (f"replies could not be read from {mailbox} at {attempt:%Y-%m-%d %H:%M} UTC ({since}): {error}. "
                    "Opt-outs may be waiting there, so nothing is sent until the mailbox is read again.")
    if table_exists(con, "raw_replies"):
        sql = BACKLOG_SQL + "".join(PROCESSED_IN.format(table=t) for t in ("reply_classifications", "quarantined_replies")
                                    if table_exists(con, t))
        count, oldest = one(con, sql, [now - max_lag])
        if count:
            return (f"{count} replies fetched since {oldest:%Y-%m-%d %H:%M} UTC are not classified yet; opt-outs "
                    "may be among them, so nothing is sent until the replies job has processed them.")
    return None
