"""The record of steps waiting in green for a replies run (``reply_waits``), read by ``sdr status``.

A play whose send step was refused red while its tasks step still waited in green was named as waiting,
so ``sdr status`` printed "sending waits" in yellow though sending was red. A play is now named only
while its sending step waits for a fresh run and no step of it is refused red; a stale wait of a
step that has not run since does not hide it. A table of an earlier shape is read as none and
replaced by the next wait recorded.
"""

from datetime import UTC, datetime, timedelta

import duckdb
import pytest

from sdr_assets.reply_wait_records import (clear_wait, clear_waits, record_wait, recorded_waits, refuse_wait,
                                           wait_began)

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
WALL = 1_000_000.0


@pytest.fixture
def con():
    with duckdb.connect() as con:
        con.execute("set timezone = 'UTC'")
        yield con


def _wait(con, step: str, run: str = "replies_job run abcd1234 (failure)", now: datetime = NOW) -> None:
    record_wait(con, "revops", step, "abcd1234-run", run, "replies could not be read", now, WALL + 300)


def test_a_play_with_a_step_refused_red_is_not_named_as_waiting(con):
    _wait(con, "sending")
    _wait(con, "linkedin tasks")
    assert recorded_waits(con, WALL) == {"revops": "replies_job run abcd1234 (failure)"}, "both wait in green"
    refuse_wait(con, "revops", "sending")
    assert recorded_waits(con, WALL) == {}, "sending is red: the play does not wait, whatever its tasks step"
    clear_wait(con, "revops", "sending")
    assert recorded_waits(con, WALL) == {}, "the tasks step alone: sending does not wait"


def test_a_stale_wait_of_the_tasks_step_does_not_hide_a_fresh_wait_of_sending(con):
    record_wait(con, "revops", "linkedin tasks", "old-run", "replies_job run old (failure)", "why", NOW, WALL - 1)
    _wait(con, "sending")
    assert recorded_waits(con, WALL) == {"revops": "replies_job run abcd1234 (failure)"}, \
        "the tasks step has not run since its run went stale: sending waits in green all the same"
    refuse_wait(con, "revops", "linkedin tasks")
    assert recorded_waits(con, WALL) == {}, "a step refused red: the play is not named"
    clear_wait(con, "revops", "linkedin tasks")
    assert recorded_waits(con, WALL + 301) == {}, "sending's own run stale: not named"


def test_a_wait_recorded_by_a_clock_set_ahead_begins_again_at_the_clock(con):
    _wait(con, "sending", now=NOW + timedelta(hours=1))
    _wait(con, "sending", now=NOW)
    assert wait_began(con, "revops", "sending") == NOW
    _wait(con, "sending", now=NOW + timedelta(minutes=3))
    assert wait_began(con, "revops", "sending") == NOW, "a wait under way keeps when it began"


def test_the_replies_caught_up_clear_every_play_s_waits(con):
    _wait(con, "sending")
    record_wait(con, "other", "sending", "r", "run", "why", NOW, WALL + 300)
    clear_waits(con)
    assert wait_began(con, "revops", "sending") is None and recorded_waits(con, WALL) == {}


def test_a_table_of_an_earlier_shape_reads_as_none_and_the_next_wait_replaces_it(con):
    con.execute("create table reply_waits (play varchar, step varchar, run_id varchar, run varchar, why varchar, "
                "waited_at timestamptz, fresh_until double, primary key (play, step))")
    con.execute("insert into reply_waits values ('revops', 'sending', 'old', 'old run', 'why', ?, ?)",
                [NOW, WALL + 300])
    assert wait_began(con, "revops", "sending") is None
    assert recorded_waits(con, WALL) == {}
    refuse_wait(con, "revops", "sending")
    clear_wait(con, "revops", "sending")
    clear_waits(con)
    assert con.execute("select run, fresh_until from reply_waits").fetchall() == [("old run", WALL + 300)], \
        "left as it was"
    _wait(con, "sending")
    assert wait_began(con, "revops", "sending") == NOW
    assert recorded_waits(con, WALL) == {"revops": "replies_job run abcd1234 (failure)"}
