"""A resume stored before resumes had to answer a pause (a warehouse from 07ba0273 recorded every `sdr
resume`) that answered none, a stray or a repeated one, does not set the monitor's count back: the
monitor counts from the last resume that answered a pause, or from none, so the negatives read before
the stray one still pause a play offending its segment. A resume that answered a pause still counts
afresh, and so does one recorded since that answered a dead monitor's stop request (no pause row)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sdr_assets.domain.monitor_readings import resumed_at
from tests.test_resume_answers_a_pause import PLAY, _resume, _world, left_stop_request

PAUSED = datetime(2026, 11, 2, 9, tzinfo=UTC)


def _decision(number: int, decision: str, at: datetime, note: str = "") -> dict:
    return {"decision_id": number, "decision": decision, "version_hash": "v1", "decided_at": at, "note": note}


def _pause(after: int) -> dict:
    return {"event": "pause", "scope": "segment", "play": PLAY, "scope_value": "Fintech", "play_version": "v1",
            "recorded_at": PAUSED, "after_decision_id": after, "pause_id": 1}


def test_a_stored_stray_resume_of_a_play_never_paused_counts_nothing_afresh():
    decisions = [_decision(1, "approve", PAUSED - timedelta(days=9)), _decision(2, "resume", PAUSED)]
    assert resumed_at(decisions, []) is None


def test_a_stored_repeated_resume_leaves_the_count_where_the_first_set_it():
    first = PAUSED + timedelta(days=1)
    decisions = [_decision(1, "approve", PAUSED - timedelta(days=9)), _decision(2, "resume", first),
                 _decision(3, "resume", first + timedelta(days=5))]
    assert resumed_at(decisions, [_pause(1)]) == PAUSED, "the repeat threw away five days of evidence"


def test_a_resume_answering_a_pause_after_a_stray_one_still_counts_afresh():
    decisions = [_decision(1, "approve", PAUSED - timedelta(days=9)), _decision(2, "resume", PAUSED - timedelta(days=2)),
                 _decision(3, "resume", PAUSED + timedelta(days=1))]
    assert resumed_at(decisions, [_pause(2)]) == PAUSED


def test_a_resume_answering_a_dead_monitors_stop_request_still_counts_afresh(tmp_path):
    from resources.store.approvals import history

    world = _world(tmp_path)
    left_stop_request(world)
    _resume(world)
    with world.warehouse.connect() as con:
        decisions = history(con, PLAY)
    assert resumed_at(decisions, []) == decisions[-1]["decided_at"]
