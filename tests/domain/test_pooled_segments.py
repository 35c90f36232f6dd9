"""Unit: one segment two plays mail, each under its threshold alone, offends them together."""

from datetime import UTC, datetime, timedelta

import polars as pl

from sdr_assets.domain.monitor import MonitorSettings
from sdr_assets.domain.monitor_readings import read_plays

NOW = datetime(2026, 11, 30, 9, tzinfo=UTC)
SETTINGS = MonitorSettings(ratio=2.5, threshold=1000.0, segment_threshold=6.0, credit=6.0, baseline=0.06)
APPROVED = {"decision_id": 1, "version_hash": "v1", "decision": "approve", "decided_by": "Kim",
            "decided_at": NOW - timedelta(days=40)}


def _sends(plays: list[str], refused: int) -> tuple[pl.DataFrame, list[float]]:
    """20 healthcare sends per play, interleaved, ten days old; the first ``refused`` of each play's refused."""
    rows = [(play, i) for i in range(20) for play in plays]
    n = len(rows)
    frame = pl.DataFrame({
        "send_key": [f"{p}{i:022d}" for p, i in rows], "play": [p for p, _ in rows], "play_version": ["v1"] * n,
        "sent_at": [NOW - timedelta(days=10) + k * timedelta(minutes=5) for k in range(n)],
        "segment": ["healthcare"] * n, "message_ids": [f"<r-{p}-{i}@x>" for p, i in rows],
        "complaint": [False] * n, "hard_bounce": [False] * n})
    return frame, [1.0 if i < refused else 0.0 for _, i in rows]


def test_a_segment_split_across_two_plays_pauses_for_both_when_together_they_offend():
    sends, weights = _sends(["a", "b"], refused=4)
    alone_a, alone_b = ((sends.filter(pl.col("play") == p), [w for w, q in zip(weights, sends["play"]) if q == p])
                        for p in ("a", "b"))
    for frame, w in (alone_a, alone_b):
        _, new = read_plays(frame, w, [], {frame["play"][0]: [APPROVED]}, SETTINGS, 1, NOW)
        assert new == [], "each play alone stays under the segment threshold"

    rows, new = read_plays(sends, weights, [], {"a": [APPROVED], "b": [APPROVED]}, SETTINGS, 1, NOW)
    new = [e for e in new if e["scope"] == "segment"]  # the plays follow: their only segment is paused
    assert sorted((e["play"], e["scope_value"]) for e in new) == [("a", "healthcare"), ("b", "healthcare")]
    reason = new[0]["reason"]
    assert "across plays a, b" in reason and "a: 20 sends, 4 negative verdicts" in reason, reason
    assert "b: 20 sends, 4 negative verdicts" in reason, reason
    assert new[0]["sends"] == 40 and new[0]["negatives"] == 8, new[0]
    assert set(new[0]["message_ids"].split()) == {f"<r-{p}-{i}@x>" for p in "ab" for i in range(4)}
    states = {(r["play"], r["scope"]): r["state"] for r in rows}
    assert states[("a", "segment")] == states[("b", "segment")] == "paused"


def test_a_pooled_pause_a_person_resumed_is_not_taken_again_on_the_same_replies():
    sends, weights = _sends(["a", "b"], refused=4)
    _, new = read_plays(sends, weights, [], {"a": [APPROVED], "b": [APPROVED]}, SETTINGS, 1, NOW)
    resume = {"decision_id": 2, "version_hash": "v1", "decision": "resume", "decided_by": "Kim",
              "decided_at": NOW - timedelta(days=1)}
    _, again = read_plays(sends, weights, new, {"a": [APPROVED, resume], "b": [APPROVED]}, SETTINGS, 2, NOW)
    assert again == [], "a resumed stays open; b's pause holds, so b's sends leave the pool"
