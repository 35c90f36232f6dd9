"""Unit: the monitor's readings per play version and segment, from its sends and the decisions counted."""

from datetime import UTC, datetime, timedelta

import polars as pl

from sdr_assets.domain.approvals import noted_stop
from sdr_assets.domain.monitor import MonitorSettings
from sdr_assets.domain.monitor_readings import read_plays

NOW = datetime(2026, 11, 30, 9, tzinfo=UTC)
SETTINGS = MonitorSettings(ratio=2.5, threshold=1000.0, segment_threshold=2.0, credit=6.0)


def _sends(segments: list[str], apart: timedelta = timedelta(hours=1), versions: list[str] | None = None
           ) -> pl.DataFrame:
    """Sends of play ``p``, the first ten days ago and each one ``apart`` before the last."""
    n = len(segments)
    return pl.DataFrame({"send_key": [f"{i:024d}" for i in range(n)], "play": ["p"] * n,
                         "play_version": versions or ["v1"] * n,
                         "sent_at": [NOW - timedelta(days=10) - i * apart for i in range(n)], "segment": segments,
                         "message_ids": [f"<r{i}@x>" for i in range(n)], "complaint": [False] * n,
                         "hard_bounce": [False] * n})


def _decision(n: int, decision: str, at: datetime) -> dict:
    """A decision by Kim; a resume answers a stop request a monitor left, so the monitor counts afresh from it
    (one answering no pause counts nothing afresh)."""
    note = noted_stop("") if decision == "resume" else None
    return {"decision_id": n, "version_hash": "v1", "decision": decision, "decided_by": "Kim", "decided_at": at,
            "note": note}


APPROVED = _decision(1, "approve", NOW - timedelta(days=40))


def _refused(sends: pl.DataFrame, seen: list[datetime | None], verdict: str = "not_interested") -> pl.DataFrame:
    """``sends``, each with ``verdict`` first read at its time in ``seen`` (None: no such verdict)."""
    return sends.with_columns(pl.Series(verdict, [at is not None for at in seen]),
                              pl.Series(f"{verdict}_seen", seen, dtype=pl.Datetime("us", "UTC")))


def test_a_resume_makes_the_monitor_count_afresh_from_it():
    sends = _sends(["software"] * 10)
    rows, _ = read_plays(sends, [0.0] * 10, [], {"p": [APPROVED]}, SETTINGS, 1, NOW)
    assert {r["scope"]: r["sends"] for r in rows} == {"segment": 10, "play": 10}
    resumed = [APPROVED, _decision(2, "resume", NOW - timedelta(days=10, hours=4, minutes=30))]
    rows, _ = read_plays(sends, [0.0] * 10, [], {"p": resumed}, SETTINGS, 2, NOW)
    assert {r["scope"]: r["sends"] for r in rows} == {"segment": 10, "play": 10}, \
        "sends still owing their answer at the resume are read for what comes due after it"
    sends = _sends(["software"] * 10, apart=timedelta(days=4))
    resumed = [APPROVED, _decision(2, "resume", NOW - timedelta(days=26, hours=12))]
    rows, _ = read_plays(sends, [0.0] * 10, [], {"p": resumed}, SETTINGS, 2, NOW)
    assert {r["scope"]: r["sends"] for r in rows} == {"segment": 5, "play": 5}, \
        "sends whose answers were all due by the resume add nothing after it"


def test_after_a_resume_a_verdict_counts_once_it_arrives_after_it_whatever_message_it_answers():
    resume = NOW - timedelta(days=5)
    sends = _refused(_sends(["software"] * 10, apart=timedelta(days=1)),
                     [resume - timedelta(hours=1)] * 4 + [resume + timedelta(hours=1)] * 6)
    weights = [1.0] * 10
    rows, _ = read_plays(sends, weights, [], {"p": [APPROVED]}, SETTINGS, 1, NOW)
    assert next(r for r in rows if r["scope"] == "segment")["weighted"] == 10.0
    rows, _ = read_plays(sends, weights, [], {"p": [APPROVED, _decision(2, "resume", resume)]}, SETTINGS, 2, NOW)
    segment = next(r for r in rows if r["scope"] == "segment")
    assert (segment["sends"], segment["weighted"]) == (6, 6.0), "the refusals read after the resume, not before"
    assert set(segment["message_ids"].split()) <= {f"<r{i}@x>" for i in range(4, 10)}


def test_a_second_reply_of_a_verdict_the_person_saw_before_resuming_adds_nothing_new():
    resume = NOW - timedelta(days=5)
    sends = _refused(_sends(["software"] * 2, apart=timedelta(days=1)), [resume - timedelta(hours=1)] * 2)
    sends = _refused(sends, [resume + timedelta(hours=1), None], verdict="hostile")
    rows, _ = read_plays(sends, [2.0, 1.0], [], {"p": [APPROVED, _decision(2, "resume", resume)]}, SETTINGS, 2,
                         NOW)
    segment = next(r for r in rows if r["scope"] == "segment")
    assert (segment["sends"], segment["weighted"]) == (1, 1.0), "only the hostile mark arrived after the resume"


def test_complaints_the_person_saw_before_resuming_do_not_count_again_in_the_segments_rate():
    resume = NOW - timedelta(days=10, hours=-1)
    sends = _refused(_sends(["software"] * 3), [resume - timedelta(minutes=30)] * 3, verdict="complaint")
    lenient = MonitorSettings(ratio=2.5, threshold=1000.0, segment_threshold=1000.0, credit=6.0)
    _, new = read_plays(sends, [2.0] * 3, [], {"p": [APPROVED]}, lenient, 1, NOW)
    assert [p["scope"] for p in new] == ["segment", "play"], "three complaints in three sends"
    rows, new = read_plays(sends, [2.0] * 3, [], {"p": [APPROVED, _decision(2, "resume", resume)]}, lenient, 2, NOW)
    assert new == [] and next(r for r in rows if r["scope"] == "segment")["sends"] == 3, \
        "the sends still owing answers are read, without the complaints the person saw"


def test_an_edit_carries_the_segments_earlier_sends_into_its_reading_and_not_the_plays():
    sends = _sends(["software"] * 6, versions=["v2"] * 3 + ["v1"] * 3)
    settings = MonitorSettings(ratio=2.5, threshold=1000.0, segment_threshold=4.0, credit=6.0)
    rows, new = read_plays(sends, [1.0] * 6, [], {"p": [APPROVED]}, settings, 1, NOW)
    read = {(r["play_version"], r["scope"]): r["sends"] for r in rows if r["scope"] == "segment"}
    assert read == {("v2", "segment"): 6}, "the segment is read once, over both versions' sends"
    assert [(p["scope"], p["play_version"], p["sends"]) for p in new if p["scope"] == "segment"] == [
        ("segment", "v2", 6)], "the edit's refusals with the earlier version's pause the segment once"
    rows, _ = read_plays(sends, [1.0] * 6, [], {"p": [APPROVED]}, MonitorSettings(ratio=2.5, threshold=1000.0,
                         segment_threshold=1000.0, credit=6.0), 1, NOW)
    assert {r["play_version"]: r["sends"] for r in rows if r["scope"] == "play"} == {"v1": 3, "v2": 3}, \
        "the play's own test reads its own copy"


def test_a_pause_recorded_under_another_spelling_holds_the_segment():
    sends = _sends(["software"] * 10 + ["fintech"] * 10)
    approve = APPROVED
    pause = {"event": "pause", "scope": "segment", "play": "p", "play_version": "v1", "scope_value": "Software ",
             "after_decision_id": 1}
    rows, new = read_plays(sends, [1.0] * 10 + [0.0] * 10, [pause], {"p": [approve]}, SETTINGS, 1, NOW)
    assert new == [], "no second pause for the same segment"
    assert sorted((r["scope_value"], r["state"]) for r in rows if r["scope"] == "segment") == [
        ("fintech", "watching"), ("software", "paused")]


def test_the_evidence_of_a_message_sent_before_the_resume_is_only_what_arrived_since():
    resume = NOW - timedelta(days=5)
    seen = [resume - timedelta(hours=1), resume + timedelta(hours=1)]
    sends = _refused(_sends(["software"]), seen[:1])
    sends = _refused(sends, seen[1:], verdict="hostile").with_columns(
        message_ids=pl.lit("<saw@x> <late@x>"), message_seen=pl.Series([seen], dtype=pl.List(pl.Datetime("us", "UTC"))))
    rows, _ = read_plays(sends, [2.0], [], {"p": [APPROVED, _decision(2, "resume", resume)]}, SETTINGS, 2, NOW)
    assert [r["message_ids"] for r in rows if r["scope"] == "segment"] == ["<late@x>"], \
        "the refusal the person read before resuming is no evidence now"
