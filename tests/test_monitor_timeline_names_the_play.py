"""The deliverability notebook's timeline says which play each pause and decision is about."""

from datetime import UTC, datetime, timedelta

import polars as pl

AT = datetime(2026, 11, 20, 9, tzinfo=UTC)


def _pause(pause_id: int, scope: str, play: str | None, value: str, hours: int) -> dict:
    return {"pause_id": pause_id, "event": "pause", "scope": scope, "play": play, "play_version": "v1",
            "scope_value": value, "recorded_at": AT + timedelta(hours=hours), "after_decision_id": 1,
            "reason": f"segment {value}: 3 negative replies in 40 sends." if scope == "segment" else "hard bounces"}


def test_two_plays_segment_pauses_and_the_resume_that_answers_one_are_told_apart():
    """The monitor paused fintech in two plays; Dana resumed one. Each row names its play, so the
    analyst sees which play's pause her resume answered; a mailbox's pause names none."""
    from sdr_assets.notebook_support import monitor_timeline

    pauses = pl.DataFrame([_pause(1, "segment", "revops-hiring", "fintech", 0),
                           _pause(2, "segment", "series-b-funding", "fintech", 1),
                           _pause(3, "mailbox", None, "sam@outreach.example", 2)])
    decisions = pl.DataFrame([{"decision_id": 2, "play": "series-b-funding", "version_hash": "v1",
                               "decision": "resume", "decided_by": "Dana Whitfield", "decided_at": AT + timedelta(hours=3),
                               "note": "checked the replies"}])
    timeline = monitor_timeline({"monitor_pauses": pauses, "play_approvals": decisions})
    assert "play" in timeline.columns, f"no play in the timeline: {timeline.columns}"
    assert timeline.select("what", "scope", "name", "play").rows() == [
        ("pause", "segment", "fintech", "revops-hiring"), ("pause", "segment", "fintech", "series-b-funding"),
        ("pause", "mailbox", "sam@outreach.example", None), ("resume", "play", "series-b-funding", "series-b-funding")]
