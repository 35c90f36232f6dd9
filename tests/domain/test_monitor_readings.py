"""Unit: the monitor's readings per play version and segment, from its sends and the decisions counted."""

from datetime import UTC, datetime, timedelta

import polars as pl

from sdr_assets.domain.monitor import MonitorSettings
from sdr_assets.domain.monitor_readings import read_plays

NOW = datetime(2026, 11, 30, 9, tzinfo=UTC)
SETTINGS = MonitorSettings(ratio=2.5, threshold=1000.0, segment_threshold=2.0, credit=6.0)


def _sends(segments: list[str]) -> pl.DataFrame:
    n = len(segments)
    return pl.DataFrame({"send_key": [f"{i:024d}" for i in range(n)], "play": ["p"] * n, "play_version": ["v1"] * n,
                         "sent_at": [NOW - timedelta(days=10, hours=i) for i in range(n)], "segment": segments,
                         "message_ids": [f"<r{i}@x>" for i in range(n)], "complaint": [False] * n,
                         "hard_bounce": [False] * n})


def _decision(n: int, decision: str, at: datetime) -> dict:
    return {"decision_id": n, "version_hash": "v1", "decision": decision, "decided_by": "Kim", "decided_at": at}


def test_a_resume_makes_the_monitor_count_afresh_from_it():
    sends = _sends(["software"] * 10)
    approve = _decision(1, "approve", NOW - timedelta(days=20))
    rows, _ = read_plays(sends, [0.0] * 10, [], {"p": [approve]}, SETTINGS, 1, NOW)
    assert {r["scope"]: r["sends"] for r in rows} == {"segment": 10, "play": 10}
    resumed = [approve, _decision(2, "resume", NOW - timedelta(days=10, hours=4, minutes=30))]
    rows, _ = read_plays(sends, [0.0] * 10, [], {"p": resumed}, SETTINGS, 2, NOW)
    assert {r["scope"]: r["sends"] for r in rows} == {"segment": 5, "play": 5}


def test_a_pause_recorded_under_another_spelling_holds_the_segment():
    sends = _sends(["software"] * 10 + ["fintech"] * 10)
    approve = _decision(1, "approve", NOW - timedelta(days=20))
    pause = {"event": "pause", "scope": "segment", "play": "p", "play_version": "v1", "scope_value": "Software ",
             "after_decision_id": 1}
    rows, new = read_plays(sends, [1.0] * 10 + [0.0] * 10, [pause], {"p": [approve]}, SETTINGS, 1, NOW)
    assert new == [], "no second pause for the same segment"
    assert sorted((r["scope_value"], r["state"]) for r in rows if r["scope"] == "segment") == [
        ("fintech", "watching"), ("software", "paused")]
