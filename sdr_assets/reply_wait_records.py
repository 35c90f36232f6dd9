"""The plays waiting in green for a replies run (``reply_waits``), for ``sdr status`` to name the run;
read without Dagster, as ``sdr status`` runs without it."""

from __future__ import annotations

from datetime import datetime

import duckdb

from resources.tables import table_exists

WAITS_DDL = """
create table if not exists reply_waits (
    play varchar primary key,
    run_id varchar not null,
    run varchar not null,
    why varchar not null,
    waited_at timestamptz not null
)
"""


def record_wait(con: duckdb.DuckDBPyConnection, name: str, run_id: str, run: str, why: str, now: datetime) -> None:
    con.execute(WAITS_DDL)
    con.execute("insert or replace into reply_waits values (?, ?, ?, ?, ?)", [name, run_id, run, why, now])


def clear_wait(con: duckdb.DuckDBPyConnection, name: str) -> None:
    """The play no longer waits in green for a replies run."""
    if table_exists(con, "reply_waits"):
        con.execute("delete from reply_waits where play = ?", [name])


def recorded_waits(con: duckdb.DuckDBPyConnection, since: datetime) -> dict[str, str]:
    """Per play, the replies run its last wait (at ``since`` or later) was tied to."""
    if not table_exists(con, "reply_waits"):
        return {}
    return dict(con.execute("select play, run from reply_waits where waited_at >= ? order by play",
                            [since]).fetchall())
