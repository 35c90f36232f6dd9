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


def _frame(rows: list[tuple[str, datetime, bool]]) -> tuple[pl.DataFrame, list[float]]:
    """Healthcare sends: (play, sent at, refused) each, in the order given."""
    n = len(rows)
    frame = pl.DataFrame({
        "send_key": [f"{p}{k:022d}" for k, (p, _, _) in enumerate(rows)], "play": [p for p, _, _ in rows],
        "play_version": ["v1"] * n, "sent_at": [at for _, at, _ in rows], "segment": ["healthcare"] * n,
        "message_ids": [f"<r-{p}-{k}@x>" for k, (p, _, _) in enumerate(rows)],
        "complaint": [False] * n, "hard_bounce": [False] * n})
    return frame, [1.0 if refused else 0.0 for _, _, refused in rows]


def test_a_pooled_pause_a_person_resumed_is_not_taken_again_on_the_same_replies():
    sends, weights = _sends(["a", "b"], refused=4)
    _, new = read_plays(sends, weights, [], {"a": [APPROVED], "b": [APPROVED]}, SETTINGS, 1, NOW)
    resume = {"decision_id": 2, "version_hash": "v1", "decision": "resume", "decided_by": "Kim",
              "decided_at": NOW - timedelta(days=6)}
    # After the resume a sends 20 more, 6 refused: under the threshold alone, over it with b's old 4.
    fresh, fresh_weights = _frame([("a", NOW - timedelta(days=5) + k * timedelta(minutes=5), k < 6)
                                   for k in range(20)])
    both = pl.concat([sends, fresh.with_columns(pl.col("send_key").str.replace("^a", "f"))])
    both_weights = weights + fresh_weights
    _, alone = read_plays(fresh, fresh_weights, [], {"a": [APPROVED, resume]}, SETTINGS, 2, NOW)
    assert alone == [], "a's fresh sends alone stay under the segment threshold"
    _, pooled_with_b = read_plays(both, both_weights, [], {"a": [APPROVED, resume], "b": [APPROVED]}, SETTINGS, 2,
                                  NOW)
    assert ("a", "healthcare") in {(e["play"], e["scope_value"]) for e in pooled_with_b}, "with b open, they trip"

    _, again = read_plays(both, both_weights, new, {"a": [APPROVED, resume], "b": [APPROVED]}, SETTINGS, 2, NOW)
    assert again == [], "a resumed stays open; b's pause holds, so b's old sends leave the pool"


def test_two_plays_at_the_teams_own_rate_sharing_a_segment_are_not_paused_there():
    """With no other play, each play's own baseline is the other's sends: pooled, the same holds."""
    team = MonitorSettings(ratio=2.5, threshold=1000.0, segment_threshold=6.0, credit=6.0)
    start = NOW - timedelta(days=30)
    sends, weights = _frame([(p, start + (2 * i + k) * timedelta(minutes=6), i % 8 == 3)
                             for i in range(300) for k, p in enumerate("ab")])
    rows, new = read_plays(sends, weights, [], {"a": [APPROVED], "b": [APPROVED]}, team, 1, NOW)
    assert new == [], new
    assert {r["state"] for r in rows} == {"watching"}, "each play's own test: at the baseline of the other's sends"


def test_a_clean_play_sharing_a_segment_others_offend_keeps_sending_there():
    sends, weights = _frame([(p, NOW - timedelta(days=10) + (3 * i + k) * timedelta(minutes=5), p != "b" and i < 4)
                             for i in range(20) for k, p in enumerate("abc")])
    decisions = {p: [APPROVED] for p in "abc"}
    rows, new = read_plays(sends, weights, [], decisions, SETTINGS, 1, NOW)
    segment = [e for e in new if e["scope"] == "segment"]
    assert sorted(e["play"] for e in segment) == ["a", "c"], segment
    assert all("paused for a, c, whose own evidence there reached 2.0" in e["reason"]
               and "b keeps sending" in e["reason"] for e in segment), segment
    assert not [e for e in new if e["play"] == "b"], "b refused nothing: it keeps sending"
    assert {r["state"] for r in rows if r["play"] == "b"} == {"watching"}


def test_a_play_with_a_refusal_by_chance_beside_an_offending_one_keeps_sending():
    """a refuses 7 of its first sends (under the threshold alone), b one: pooled, the segment trips on
    a's evidence; b's own is above zero, far under its share of the threshold, and b keeps sending."""
    sends, weights = _frame([(p, NOW - timedelta(days=10) + (2 * i + k) * timedelta(minutes=5),
                              i < 7 if p == "a" else i == 0) for i in range(20) for k, p in enumerate("ab")])
    _, new = read_plays(sends, weights, [], {"a": [APPROVED], "b": [APPROVED]}, SETTINGS, 1, NOW)
    assert [(e["play"], e["scope"]) for e in new if e["scope"] == "segment"] == [("a", "segment")], new
    assert "b: 20 sends, 1 negative verdicts, evidence 0." in new[0]["reason"], new[0]["reason"]
    assert not [e for e in new if e["play"] == "b"], "b keeps sending"
