"""The steps waiting in green for a replies run (``reply_waits``, one row per play and step), for
``sdr status`` to name the run; read without Dagster, as ``sdr status`` runs without it.

A row keeps when its wait began (``first_waited_at``, the pipeline clock) so the wait itself is
bounded, and until when its run explains the lag (``fresh_until``, wall-clock epoch seconds, as run
records keep time) so a stale wait is never named.
"""

from __future__ import annotations

from datetime import datetime

import duckdb

from resources.tables import table_exists

WAITS_DDL = """
create table if not exists reply_waits (
    play varchar not null,
    step varchar not null,
    run_id varchar not null,
    run varchar not null,
    why varchar not null,
    first_waited_at timestamptz not null,
    waited_at timestamptz not null,
    fresh_until double not null,
    primary key (play, step)
)
"""
COLUMNS = ("play", "step", "run_id", "run", "why", "first_waited_at", "waited_at", "fresh_until")


def _current(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether the table exists in this shape (one of an earlier shape is read as none)."""
    return table_exists(con, "reply_waits") and {r[0] for r in con.execute(
        "select column_name from information_schema.columns where table_name = 'reply_waits'").fetchall()} \
        == set(COLUMNS)


def _ensure(con: duckdb.DuckDBPyConnection) -> None:
    """The table, replacing one of an earlier shape: it holds only waits the next run records again."""
    if not _current(con):
        con.execute("drop table if exists reply_waits")
        con.execute(WAITS_DDL)


def record_wait(con: duckdb.DuckDBPyConnection, name: str, step: str, run_id: str, run: str, why: str,
                now: datetime, fresh_until: float) -> None:
    """The step of play ``name`` waits for ``run``; a wait already under way keeps when it began, unless
    that reads later than ``now`` (a clock set back): then it begins now."""
    _ensure(con)
    con.execute("insert into reply_waits values (?, ?, ?, ?, ?, ?, ?, ?) on conflict (play, step) do update set "
                "first_waited_at = least(reply_waits.first_waited_at, excluded.first_waited_at), "
                "run_id = excluded.run_id, run = excluded.run, why = excluded.why, waited_at = excluded.waited_at, "
                "fresh_until = excluded.fresh_until", [name, step, run_id, run, why, now, now, fresh_until])


def wait_began(con: duckdb.DuckDBPyConnection, name: str, step: str) -> datetime | None:
    """When the step's current wait for the replies began (pipeline clock), or None."""
    if not _current(con):
        return None
    row = con.execute("select first_waited_at from reply_waits where play = ? and step = ?", [name, step]).fetchone()
    return row[0] if row else None


def refuse_wait(con: duckdb.DuckDBPyConnection, name: str, step: str) -> None:
    """The step no longer waits in green; a wait that began stays begun until the replies catch up."""
    if _current(con):
        con.execute("update reply_waits set fresh_until = 0 where play = ? and step = ?", [name, step])


def clear_wait(con: duckdb.DuckDBPyConnection, name: str, step: str) -> None:
    """The replies caught up: the step waits no more."""
    if _current(con):
        con.execute("delete from reply_waits where play = ? and step = ?", [name, step])


def clear_waits(con: duckdb.DuckDBPyConnection) -> None:
    """The replies caught up: no step of any play waits, whether or not it ran since."""
    if _current(con):
        con.execute("delete from reply_waits")


def waits_recorded(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether any step waits for the replies: what ``clear_waits`` would delete."""
    return _current(con) and con.execute("select count(*) from reply_waits").fetchone()[0] > 0


def recorded_waits(con: duckdb.DuckDBPyConnection, wall: float) -> dict[str, str]:
    """Per play, the replies run its sending step waits for in green, while that run still explains the
    lag at ``wall`` (epoch seconds) and no step of the play is refused red; a stale wait of another
    step (one that has not run since) does not hide it."""
    if not _current(con):
        return {}
    return dict(con.execute("select play, any_value(run) filter (where step = 'sending') from reply_waits "
                            "group by play having min(fresh_until) > 0 "
                            "and max(fresh_until) filter (where step = 'sending') > ? order by play",
                            [wall]).fetchall())
