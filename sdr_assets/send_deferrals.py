"""Messages the mail server deferred (a 4xx), or refused alike in the streak that ended a batch as
the account's, per send key: how often and why. The plan puts a draft deferred before after the
others, so drafts a server keeps deferring do not take the day's allowance from the rest; one deferred
``HELD_AFTER`` times shows ``held`` with the server's answer. Nothing here decides whether a message
goes, only in what order."""

from __future__ import annotations

from datetime import datetime, timedelta

import duckdb
import polars as pl

from resources.tables import frame_of, table_exists

DDL = """
create table if not exists send_deferrals (
    send_key varchar primary key,
    play varchar not null,
    deferrals integer not null,
    reason varchar,
    last_at timestamptz not null
)
"""

# How long a deferral keeps its draft behind the others: a busy mailbox or a server's bad day passes,
# and a follow-up is not pushed back for weeks by a deferral long gone.
FADES_AFTER = timedelta(days=3)

# Deferrals after which a draft's row shows ``held`` in the send ledger with the server's last answer,
# so a person sees a message the server keeps deferring: each run still tries it, after the others.
HELD_AFTER = 5
HELD_PREFIX = "deferred by the mail server "


def held_reason(count: int, reply: str | None) -> str:
    """The ledger's reason for a draft deferred ``count`` times, the last with ``reply``."""
    return f"{HELD_PREFIX}{count} times, tried again each run after the others; last: {reply}"[:500]


_SCHEMA = {"send_key": pl.String, "play": pl.String, "reason": pl.String, "last_at": pl.Datetime("us", "UTC")}


def record(con: duckdb.DuckDBPyConnection, rows: list[tuple[str, str, str, datetime]]) -> None:
    """Count one more deferral of each (send key, play, reason, when) in ``rows``."""
    if not rows:
        return
    con.execute(DDL)
    con.register("_deferred", pl.DataFrame(rows, schema=_SCHEMA, orient="row"))
    try:
        # A count that faded starts again at one: deferrals long gone do not add to today's.
        con.execute("insert into send_deferrals select send_key, play, 1, reason, last_at from _deferred "
                    "on conflict (send_key) do update set deferrals = case when send_deferrals.last_at < "
                    "excluded.last_at - to_microseconds(?) then 1 else send_deferrals.deferrals + 1 end, "
                    "reason = excluded.reason, last_at = excluded.last_at",
                    [int(FADES_AFTER.total_seconds() * 1_000_000)])
    finally:
        con.unregister("_deferred")


def counts(con: duckdb.DuckDBPyConnection, play: str, now: datetime) -> dict[str, int]:
    """How many times the server deferred each send key of ``play`` last deferred within
    ``FADES_AFTER`` of ``now``."""
    if not table_exists(con, "send_deferrals"):
        return {}
    return dict(con.execute("select send_key, deferrals from send_deferrals where play = ? and last_at >= ?",
                            [play, now - FADES_AFTER]).fetchall())


def held_sends(con: duckdb.DuckDBPyConnection) -> list[dict]:
    """The ledger's rows shown ``held`` because the mail server kept deferring them, oldest first."""
    if not table_exists(con, "send_ledger"):
        return []
    return list(frame_of(con, "select send_key, play, contact_email, step, reason from send_ledger "
                              "where status = 'held' and starts_with(reason, ?) order by sent_at, send_key",
                         [HELD_PREFIX]).iter_rows(named=True))
