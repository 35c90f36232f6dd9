"""A monitor run that pauses one play whole and only a segment of another withdraws no task of the
other: a segment pause holds only that segment's people (README), and the stop request announcing it
must not read as the play's. The rows here are the ones ``play_monitor`` hands both calls."""

from __future__ import annotations

import pytest

from resources.defaults import build_resources
from sdr_assets.monitoring import _withdraw_paused_tasks, pauses_announced
from tests.openings import require_opening

PLAY = "series-b-funding"
OTHER = "another-play"


@pytest.fixture
def started(request, environ):
    require_opening(request, "series_b_noted")
    return build_resources(environ())


def _open(resources) -> int:
    with resources["warehouse"].connect() as con:
        return con.execute("select count(*) from linkedin_tasks where play = ? and status = 'open'", [PLAY]).fetchone()[0]


@pytest.mark.opening("series_b_noted")
def test_a_segment_pause_withdraws_no_task_of_the_plays_other_segments_when_another_play_is_paused(started):
    before = _open(started)
    assert before, "precondition: the approved play has tasks handed out"
    now = started["policy"].now()
    events = [  # this run: another play paused whole, and one segment of series-b-funding
        {"event": "pause", "scope": "play", "play": OTHER, "reason": "negative replies over the baseline"},
        {"event": "pause", "scope": "segment", "play": PLAY, "reason": "segment industry=Retail over the baseline"},
    ]
    with started["warehouse"].connect() as con:
        with pauses_announced(started["warehouse"].path, events, now, started["paths"].mode):
            _withdraw_paused_tasks(con, started["paths"], now, events)
        reasons = con.execute("select distinct reason from linkedin_tasks where play = ? and status = 'withdrawn'",
                              [PLAY]).fetchall()
    assert _open(started) == before, (
        f"{before - _open(started)} of {before} open tasks of {PLAY}, whose one segment was paused, were withdrawn "
        f"because another play was paused in the same run: {reasons}")
