"""Messages the reply mailbox's server lists and does not hand over (an IMAP FETCH answered ``NO`` or
``BODY[] NIL``): each is asked for again on every read (``resources/imap.py``) and, while it waits, named
here with the mailbox it is in and when it was first withheld, for `sdr status` and the replies run's
metadata. Sends go on meanwhile: a person reads it in a mail client, as it may ask us to stop."""

from __future__ import annotations

from datetime import datetime

import duckdb

from resources.tables import table_exists

DDL = """
create table if not exists withheld_replies (
    mailbox varchar not null,
    message_key varchar not null,
    uid varchar not null,
    since timestamptz not null,
    primary key (mailbox, message_key)
)
"""


def record_withheld(con: duckdb.DuckDBPyConnection, mailbox: str, withheld: dict[str, str], now: datetime) -> None:
    """``withheld`` (key: its UID) is what ``mailbox``, the one read now, does not hand over; a message
    withheld before keeps the time it was first withheld."""
    con.execute(DDL)
    con.execute("delete from withheld_replies where mailbox <> ? or not list_contains(?::varchar[], message_key)",
                [mailbox, list(withheld)])
    if withheld:
        con.executemany("insert into withheld_replies values (?, ?, ?, ?) on conflict do nothing",
                        [[mailbox, key, uid, now] for key, uid in withheld.items()])


def withheld_replies(con: duckdb.DuckDBPyConnection) -> list[dict]:
    """The messages waiting to be handed over, the longest withheld first."""
    if not table_exists(con, "withheld_replies"):
        return []
    rows = con.execute("select mailbox, message_key, uid, since from withheld_replies order by since, message_key")
    return [dict(zip(("mailbox", "message_key", "uid", "since"), row)) for row in rows.fetchall()]


def describe(withheld: list[dict]) -> str:
    """One line per mailbox: the UIDs its server does not hand over, and since when."""
    mailboxes = dict.fromkeys(w["mailbox"] for w in withheld)
    return "\n".join(
        f"{m} lists but does not hand over " + ", ".join(f"{w['uid']} (since {w['since']:%Y-%m-%d %H:%M} UTC)"
                                                         for w in withheld if w["mailbox"] == m)
        + ": asked for again on every replies run; sends go on, so read it in a mail client (it may ask us to stop)"
        for m in mailboxes)
