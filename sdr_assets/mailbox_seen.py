"""The position read to in a mailbox whose position is the set of keys already read (a maildir's: its
names do not sort by arrival): the keys are kept a row each in ``mailbox_seen``, so a batch adds its own
rows in the transaction that stores its replies, and the keys of files no longer there are let go.
``mailbox_cursors`` keeps only ``KEYED`` for it; a whole JSON list kept there by an earlier release is
read as the rows it names and moved into them with the first batch stored."""

from __future__ import annotations

import json

import duckdb

from resources.mailbox import Mailbox
from resources.tables import table_exists
from sdr_assets.reply_intake import POSITION_SQL

DDL = """
create table if not exists mailbox_seen (
    mailbox varchar not null,
    key varchar not null,
    primary key (mailbox, key)
)
"""
# What ``mailbox_cursors`` holds for a mailbox whose keys are kept here.
KEYED = "mailbox_seen"


def _kept(con: duckdb.DuckDBPyConnection, mailbox: Mailbox) -> tuple[bool, str | None]:
    """Whether ``mailbox_cursors`` holds a position for ``mailbox``, and which."""
    if not table_exists(con, "mailbox_cursors"):
        return False, None
    row = con.execute(POSITION_SQL, [mailbox.position_name(), type(mailbox).__name__]).fetchone()
    return row is not None, row and row[0]


def stored_position(con: duckdb.DuckDBPyConnection, mailbox: Mailbox) -> str | None:
    """The cursor ``mailbox`` is read from (None before its first read): for a keyed one, the JSON list
    of its keys read, from its rows and any list kept whole before them."""
    found, cursor = _kept(con, mailbox)
    if not mailbox.keyed or cursor is None:
        return cursor if found else None
    keys = set(json.loads(cursor)) if cursor != KEYED else set()
    if table_exists(con, "mailbox_seen"):
        keys.update(k for (k,) in con.execute("select key from mailbox_seen where mailbox = ?",
                                              [mailbox.position_name()]).fetchall())
    return json.dumps(sorted(keys))


def store_position(con: duckdb.DuckDBPyConnection, mailbox: Mailbox, cursor: str | None) -> None:
    """``cursor``, a batch's, kept under the mailbox's name (one kept by its type let go): for a keyed
    mailbox it names the keys the batch read, added to its rows; a list kept whole is moved into them."""
    name = mailbox.position_name()
    _, kept = _kept(con, mailbox)
    if mailbox.keyed and cursor is not None:
        added = json.loads(cursor)
        if kept is not None and kept != KEYED:
            added += json.loads(kept)
        if added:
            con.execute(DDL)
            con.execute("insert into mailbox_seen select ?, unnest(?::varchar[]) on conflict do nothing",
                        [name, added])
        cursor = KEYED
    if kept == cursor and one_row_under(con, mailbox):
        return  # the same position: not written again
    con.execute("delete from mailbox_cursors where mailbox = ?", [type(mailbox).__name__])  # kept by type
    con.execute("insert or replace into mailbox_cursors values (?, ?)", [name, cursor])


def one_row_under(con: duckdb.DuckDBPyConnection, mailbox: Mailbox) -> bool:
    """Whether the position is kept under the mailbox's name alone (none kept by its type besides)."""
    rows = con.execute("select mailbox from mailbox_cursors where mailbox in (?, ?)",
                       [mailbox.position_name(), type(mailbox).__name__]).fetchall()
    return rows == [(mailbox.position_name(),)]


def forget_gone(con: duckdb.DuckDBPyConnection, mailbox: Mailbox) -> None:
    """The rows of keys the mailbox no longer holds let go (its keys listed now, none of their messages
    read): a file deleted grows nothing. A mailbox not there, or not listed, keeps them all."""
    if not (mailbox.keyed and table_exists(con, "mailbox_seen")):
        return
    try:
        listed = mailbox.position_now()
    except OSError:  # not listed now: the next run lets them go
        return
    if listed is not None:
        con.execute("delete from mailbox_seen where mailbox = ? and key not in (select unnest(?::varchar[]))",
                    [mailbox.position_name(), json.loads(listed)])
