"""The outcome of each route probe (``sdr suppress probe``), and the plays' senders not proven by one,
for ``sdr status`` and ``sdr plays show`` (no Dagster needed)."""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from datetime import datetime

import duckdb

from resources.config import Paths, run_mode, sends_over_smtp
from resources.tables import table_exists
from sdr_assets.domain.sender_routes import UnprovenSender, route_key, senders, unproven, unproven_mailto

ROUTE_PROBES_DDL = """
create table if not exists route_probes (
    address varchar not null,
    probed_at timestamptz not null,
    arrived boolean not null,
    message_id varchar not null,
    detail varchar
)
"""


def record_probes(con: duckdb.DuckDBPyConnection, outcomes: Iterable[tuple[str, bool, str, str | None]],
                  probed_at: datetime) -> None:
    """Append each probe's ``(address, arrived, message_id, detail)``."""
    con.execute(ROUTE_PROBES_DDL)
    con.executemany("insert into route_probes values (?, ?, ?, ?, ?)",
                    [(route_key(address), probed_at, arrived, message_id, detail)
                     for address, arrived, message_id, detail in outcomes])


def last_probes(con: duckdb.DuckDBPyConnection) -> dict[str, tuple[datetime, bool]]:
    """Each probed address's latest probe: when, and whether it arrived. One the probe stopped waiting
    for that the replies run has read since (``raw_replies``) arrived late, and proves its route."""
    if not table_exists(con, "route_probes"):
        return {}
    # In the order recorded, so of two probes at one time (a pinned clock) the later one counts.
    rows = con.execute("select address, probed_at, arrived, message_id, detail from route_probes "
                       "order by probed_at, rowid").fetchall()
    latest = {route_key(address): (at, arrived, message_id, detail)
              for address, at, arrived, message_id, detail in rows}
    waited = [message_id for _, arrived, message_id, detail in latest.values() if not arrived and detail is None]
    late = set()
    if waited and table_exists(con, "raw_replies"):
        late = {i for (i,) in con.execute("select message_id from raw_replies where list_contains(?, message_id)",
                                          [waited]).fetchall()}
    return {key: (at, arrived or message_id in late) for key, (at, arrived, message_id, _) in latest.items()}


def replies_user(environ: Mapping[str, str] | None = None) -> str | None:
    """The IMAP account replies are read from, when they are read over IMAP: mail to it needs no probe."""
    env = os.environ if environ is None else environ
    return (env.get("SDR_IMAP_USERNAME") or None) if env.get("SDR_IMAP_HOST") and run_mode(env) != "demo" else None


def unproven_senders(con: duckdb.DuckDBPyConnection, plays: Iterable, paths: Paths) -> list[UnprovenSender]:
    """The senders of ``plays`` not proven to reach the replies mailbox, while mail goes out over SMTP
    (the local outbox and the demo reach nobody, so nobody replies)."""
    if paths.demo or not sends_over_smtp():
        return []
    return unproven(senders((p.name, p.sender["email"]) for p in plays), last_probes(con), replies_user())


def unproven_mailto_route(con: duckdb.DuckDBPyConnection, paths: Paths, sending_domain: str) -> UnprovenSender | None:
    """``unsubscribe@{sending_domain}`` when no probe proved it reaches the replies mailbox, while mail
    goes out over SMTP (as :func:`unproven_senders`)."""
    if paths.demo or not sends_over_smtp():
        return None
    return unproven_mailto(f"unsubscribe@{sending_domain}", last_probes(con))
