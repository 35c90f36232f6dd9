"""The record of each reading of the stored replies under new triage rules, apart from the reading itself
(``reply_rereads``) so that ``sdr status`` reads it without importing Dagster."""

from __future__ import annotations

import json

import duckdb

from resources.tables import columns_of, one, table_exists

REREADS_DDL = """
create table if not exists reply_rereads (
    rules varchar primary key,
    read_at timestamptz not null,
    read_again bigint not null,
    optouts_found bigint not null,
    kept_as_handled bigint not null,
    message_ids varchar not null,
    may_ask_to_stop_found bigint default 0,
    may_ask_to_stop_ids varchar default '[]'
)
"""
# What a reading sent to a person as possibly asking to stop: columns a table of an earlier layout lacks.
TO_A_PERSON_COLUMNS = (("may_ask_to_stop_found", "bigint default 0"), ("may_ask_to_stop_ids", "varchar default '[]'"))
_KEYS = ("rules", "read_at", "read_again", "optouts_found", "kept_as_handled", "message_ids")


def ensure_rereads(con: duckdb.DuckDBPyConnection) -> None:
    """The ``reply_rereads`` table, with the columns of its current layout."""
    con.execute(REREADS_DDL)
    for name, kind in TO_A_PERSON_COLUMNS:
        con.execute(f"alter table reply_rereads add column if not exists {name} {kind}")


def last_reread(con: duckdb.DuckDBPyConnection) -> dict | None:
    """The latest re-read of stored replies under new rules: when, how many read, the opt-outs it found and the
    replies it sent to a person as possibly asking to stop (none in a table of an earlier layout)."""
    if not table_exists(con, "reply_rereads"):
        return None
    to_a_person = [name for name, _ in TO_A_PERSON_COLUMNS if name in columns_of(con, "reply_rereads")]
    row = one(con, f"select {', '.join((*_KEYS, *to_a_person))} from reply_rereads order by read_at desc limit 1")
    if row is None:
        return None
    found = dict(zip((*_KEYS, *to_a_person), row, strict=True))
    return {**found, "message_ids": json.loads(found["message_ids"]),
            "may_ask_to_stop_found": found.get("may_ask_to_stop_found") or 0,
            "may_ask_to_stop_ids": json.loads(found.get("may_ask_to_stop_ids") or "[]")}
