"""The record of each reading of the stored replies under new triage rules, apart from the reading itself
(``reply_rereads``) so that ``sdr status`` reads it without importing Dagster."""

from __future__ import annotations

import json

import duckdb

from resources.tables import one, table_exists

REREADS_DDL = """
create table if not exists reply_rereads (
    rules varchar primary key,
    read_at timestamptz not null,
    read_again bigint not null,
    optouts_found bigint not null,
    kept_as_handled bigint not null,
    message_ids varchar not null
)
"""


def last_reread(con: duckdb.DuckDBPyConnection) -> dict | None:
    """The latest re-read of stored replies under new rules: when, how many read, the opt-outs it found."""
    if not table_exists(con, "reply_rereads"):
        return None
    row = one(con, "select rules, read_at, read_again, optouts_found, kept_as_handled, message_ids "
                   "from reply_rereads order by read_at desc limit 1")
    if row is None:
        return None
    keys = ("rules", "read_at", "read_again", "optouts_found", "kept_as_handled", "message_ids")
    return {**dict(zip(keys, row, strict=True)), "message_ids": json.loads(row[5])}
