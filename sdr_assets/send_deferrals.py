"""Messages the mail server deferred (a 4xx), or met when it refused or deferred our account (the
streak that ended a batch, a 4xx that did), per send key: how often and why. The plan puts a draft
deferred before after the others, so drafts a server keeps deferring do not take the day's allowance
from the rest; one the server deferred itself ``HELD_AFTER`` times (``by_server``: the account's
answers not counted) shows ``held`` with its answer. Nothing here decides whether a message goes, only
in what order."""

from __future__ import annotations

from datetime import datetime, timedelta

import duckdb
import polars as pl

from resources.tables import columns_of, frame_of, table_exists

DDL = """
create table if not exists send_deferrals (
    send_key varchar primary key,
    play varchar not null,
    deferrals integer not null,
    reason varchar,
    last_at timestamptz not null,
    by_server integer not null default 0
)
"""
# A table from before ``by_server``: its counts were the server's deferrals but for a streak's few.
# Both are idempotent: on a table that has the column they change nothing.
_BY_SERVER = ("alter table send_deferrals add column if not exists by_server integer",
              "update send_deferrals set by_server = deferrals where by_server is null")

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


# A draft whose address the mail server cannot carry (``send_loop.HELD_BY_RELAY``), or whose message is
# larger than it takes (``send_loop.TOO_LARGE``): shown with the ones above, tried again each run, never
# counted as the server's deferral (``by_server``) or as the address's failure; one too large is counted
# for the order only, so the next run tries it after the others.
RELAY_PREFIX = "held for the mail server: "


def relay_reason(reply: str | None) -> str:
    """The ledger's reason for a draft held because the mail server cannot carry its address or takes no
    message its size."""
    return f"{RELAY_PREFIX}{reply}; tried again each run"[:500]


def servers_hold(reason: str = "reason") -> str:
    """A SQL condition on a held ledger row's ``reason``: the mail server's hold, deferred
    ``HELD_AFTER`` times or an address it cannot carry (neither prefix holds a quote)."""
    return "(" + " or ".join(f"starts_with(coalesce({reason}, ''), '{prefix}')"
                             for prefix in (HELD_PREFIX, RELAY_PREFIX)) + ")"


_SCHEMA = {"send_key": pl.String, "play": pl.String, "reason": pl.String, "last_at": pl.Datetime("us", "UTC")}


def record(con: duckdb.DuckDBPyConnection, rows: list[tuple[str, str, str, datetime]], by_server: bool = True) -> None:
    """Count one more deferral of each (send key, play, reason, when) in ``rows``; ``by_server``: the
    server's answer about that message, which counts towards ``HELD_AFTER`` (not one about our account,
    met by whichever message came first)."""
    if not rows:
        return
    for statement in (DDL, *_BY_SERVER):
        con.execute(statement)
    con.register("_deferred", pl.DataFrame(rows, schema=_SCHEMA, orient="row"))
    try:
        # A count that faded starts again: deferrals long gone do not add to today's.
        con.execute("insert into send_deferrals select send_key, play, 1, reason, last_at, ?::integer from _deferred "
                    "on conflict (send_key) do update set deferrals = case when send_deferrals.last_at < "
                    "excluded.last_at - to_microseconds(?) then 1 else send_deferrals.deferrals + 1 end, "
                    "by_server = excluded.by_server + case when send_deferrals.last_at < "
                    "excluded.last_at - to_microseconds(?) then 0 else send_deferrals.by_server end, "
                    "reason = excluded.reason, last_at = excluded.last_at",
                    [int(by_server), *[int(FADES_AFTER.total_seconds() * 1_000_000)] * 2])
    finally:
        con.unregister("_deferred")


def counts(con: duckdb.DuckDBPyConnection, play: str, now: datetime, by_server: bool = False) -> dict[str, int]:
    """How many times each send key of ``play`` last deferred within ``FADES_AFTER`` of ``now`` was
    deferred: every time (the plan's order), or (``by_server``) the times the server deferred it
    itself, which ``HELD_AFTER`` counts."""
    columns = columns_of(con, "send_deferrals")
    if not columns:
        return {}
    column = "by_server" if by_server and "by_server" in columns else "deferrals"
    return dict(con.execute(f"select send_key, {column} from send_deferrals where play = ? and last_at >= ? "
                            f"and {column} > 0", [play, now - FADES_AFTER]).fetchall())


def held_sends(con: duckdb.DuckDBPyConnection, plays: list[str]) -> list[dict]:
    """The ledger's rows of ``plays`` (those that still send) shown ``held`` because the mail server
    kept deferring them or cannot carry their address, oldest first."""
    if not table_exists(con, "send_ledger") or not plays:
        return []
    return list(frame_of(con, "select send_key, play, contact_email, step, reason from send_ledger "
                              f"where status = 'held' and {servers_hold()} "
                              "and list_contains(?, play) order by sent_at, send_key",
                              [plays]).iter_rows(named=True))
