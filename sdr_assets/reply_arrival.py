"""When a reply came, as every reader that picks a person's latest reply ranks it: its Date, else when it
was read from the mailbox (``raw_replies.fetched_at``), as the escalations place it in its thread."""

from __future__ import annotations

import duckdb

from resources.tables import columns_of

TABLE = "reply_classifications"


def arrival_sql(con: duckdb.DuckDBPyConnection) -> str:
    """An expression over an unaliased ``reply_classifications`` row: when the reply came, null where
    neither its Date nor its reading is known (a table from before those columns)."""
    stored = set(columns_of(con, TABLE))
    dated = "received_at" if "received_at" in stored else "null::timestamptz"
    if "message_id" not in stored or "fetched_at" not in columns_of(con, "raw_replies"):
        return dated
    return (f"coalesce({dated}, (select min(r.fetched_at) from raw_replies r "
            f"where r.message_id = {TABLE}.message_id))")
