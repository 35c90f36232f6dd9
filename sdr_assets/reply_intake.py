"""Whether replies are flowing: sending fails closed when opt-outs might be stuck upstream.

An unsubscribe, complaint or hard bounce only protects a prospect once it is classified. So the
send step refuses to send while the mailbox could not be read on its last attempt, while the reply
sensor saw mail there more than a few minutes ago that no replies run has read in since (a run that
found the warehouse locked leaves no other trace), or while replies fetched more than a few minutes
ago are neither classified nor quarantined. A poison message is quarantined with its reason
(``quarantined_replies``), so it never holds up the rest; it holds its sender's mail instead, until
a person handles it (``sdr_assets.reply_quarantine``). Whether that wait shows green or red is
``sdr_assets.reply_wait``'s to say.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import duckdb

from resources.tables import one, table_exists
from sdr_assets.domain.reply_ids import content_digest

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
    quarantined_at timestamptz not null,
    from_addr varchar,
    subject varchar,
    send_key varchar,
    play varchar,
    contact_email varchar
)
"""
# Mail the reply sensor found in the mailbox beyond what ``raw_replies`` stored, first seen at
# ``seen_at`` (the sensor clears its row once nothing is unread). A read that began at or after that
# time and stored what it fetched (``reply_intake.last_success_at``) covers it.
UNREAD_DDL = """
create table if not exists unread_mail (
    mailbox varchar primary key,
    messages integer not null,
    seen_at timestamptz not null
)
"""
# The position read to in a mailbox, by its name ($1) or its type ($2): one kept by the type alone
# (before positions named their mailbox) counts until the first read stores it under the name.
POSITION_SQL = "select cursor from mailbox_cursors where mailbox in ($1, $2) order by mailbox = $1 desc limit 1"
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


def _last_read(con: duckdb.DuckDBPyConnection) -> datetime | None:
    """When the last read of the mailbox that stored what it fetched began."""
    return one(con, "select max(last_success_at) from reply_intake")[0] if table_exists(con, "reply_intake") else None


def record_unread(con: duckdb.DuckDBPyConnection, mailbox: str, messages: int, now: datetime) -> None:
    """The mailbox holds ``messages`` no run stored yet; the wait counts from their first sighting
    that no read has covered since."""
    con.execute(UNREAD_DDL)
    con.execute(
        "insert into unread_mail values (?, ?, ?) on conflict (mailbox) do update set messages = excluded.messages, "
        "seen_at = case when unread_mail.seen_at > coalesce(?::timestamptz, '-infinity') "
        "then unread_mail.seen_at else excluded.seen_at end",
        [mailbox, messages, now, _last_read(con)])


def clear_unread(con: duckdb.DuckDBPyConnection, mailbox: str) -> None:
    """Nothing waits in ``mailbox`` beyond what is stored."""
    con.execute("delete from unread_mail where mailbox = ?", [mailbox])


def _unread(con: duckdb.DuckDBPyConnection, before: datetime) -> tuple | None:
    """Mail first seen before ``before`` that no read has covered since."""
    if not table_exists(con, "unread_mail"):
        return None
    return con.execute("select mailbox, messages, seen_at from unread_mail where seen_at < ? and "
                       "seen_at > coalesce(?::timestamptz, '-infinity') order by seen_at limit 1",
                       [before, _last_read(con)]).fetchone()


def replies_unread(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether the reply sensor saw mail that no read has covered since, however recently."""
    return table_exists(con, "unread_mail") and con.execute(
        "select count(*) from unread_mail where seen_at > coalesce(?::timestamptz, '-infinity')",
        [_last_read(con)]).fetchone()[0] > 0


# What the warehouse recorded at a time the clock must have passed.
_RECORDED = (("send_ledger", "sent_at", "the last send"),
             ("reply_intake", "last_attempt_at", "the last read of the replies"),
             ("raw_replies", "fetched_at", "the last reply fetched"))


def clock_behind(con: duckdb.DuckDBPyConnection, now: datetime) -> str | None:
    """Why sending waits while the clock reads earlier than something already recorded: the daily caps,
    follow-up waits and the checks for unread replies above all count by it (a clock set back, a
    restored machine, ``SDR_NOW`` set before an earlier run's)."""
    for table, column, what in _RECORDED:
        if table_exists(con, table) and (at := one(con, f"select max({column}) from {table}")[0]) and at > now:
            return (f"the clock reads {now:%Y-%m-%d %H:%M} UTC, earlier than {what}, recorded at {at:%Y-%m-%d %H:%M} "
                    "UTC; caps, follow-up waits and unread replies are counted by the clock, so nothing is sent "
                    "until it has passed that time.")
    return None


def sending_blocker(con: duckdb.DuckDBPyConnection, now: datetime, max_lag: timedelta) -> str | None:
    """Why sending must wait for reply processing, or None when opt-outs are up to date."""
    return clock_behind(con, now) or replies_behind(con, now, max_lag)


def replies_behind(con: duckdb.DuckDBPyConnection, now: datetime, max_lag: timedelta) -> str | None:
    """Why sending waits for the replies to be read and triaged: the mailbox's last read failed, mail
    seen there longer than ``max_lag`` ago is unread, or replies fetched that long ago are untriaged."""
    if table_exists(con, "reply_intake"):
        failed = con.execute("select mailbox, last_attempt_at, last_success_at, last_error from reply_intake "
                             "where last_error is not null").fetchall()
        if failed:
            mailbox, attempt, success, error = failed[0]
            since = f"last read {success:%Y-%m-%d %H:%M} UTC" if success else "never read"
            return (f"replies could not be read from {mailbox} at {attempt:%Y-%m-%d %H:%M} UTC ({since}): {error}. "
                    "Opt-outs may be waiting there, so nothing is sent until the mailbox is read again.")
    unread = _unread(con, now - max_lag)
    if unread:
        mailbox, count, seen = unread
        return (f"{count} message{'' if count == 1 else 's'} waited in {mailbox} at {seen:%Y-%m-%d %H:%M} UTC and "
                "no replies run has read them in since; opt-outs may be among them, so nothing is sent until the "
                "replies job has read them.")
    count, oldest = untriaged(con, now - max_lag)
    if count:
        return (f"{count} replies fetched since {oldest:%Y-%m-%d %H:%M} UTC are not classified yet; opt-outs "
                "may be among them, so nothing is sent until the replies job has processed them.")
    return None


def untriaged(con: duckdb.DuckDBPyConnection, before: datetime) -> tuple[int, datetime | None]:
    """How many stored replies fetched before ``before`` are neither classified nor quarantined, and
    when the oldest was fetched."""
    if not table_exists(con, "raw_replies"):
        return 0, None
    sql = BACKLOG_SQL + "".join(PROCESSED_IN.format(table=t) for t in ("reply_classifications", "quarantined_replies")
                                if table_exists(con, t))
    return one(con, sql, [before])


def stored_digests(con: duckdb.DuckDBPyConnection, ids: set[str]) -> dict[str, str]:
    """Of ``ids``, those already in ``raw_replies``, with the content digest of the message under each."""
    rows = con.execute("select message_id, raw from raw_replies where message_id in (select unnest(?::varchar[]))",
                       [sorted(ids)]).fetchall()
    return {message_id: content_digest(bytes(raw)) for message_id, raw in rows}
