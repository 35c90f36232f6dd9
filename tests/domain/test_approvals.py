"""Unit: the approval status derived from the decisions, and the append-only table behind it."""

import copy
import dataclasses
from datetime import UTC, datetime, timedelta
from pathlib import Path

import duckdb
import pytest
import yaml

from resources.store.approvals import approval_status, history, record_decision, version_content
from sdr_assets.domain.approvals import (ApprovalError, StaleVersionError, checked_decision, counted, edited_pauses,
                                        open_pauses, status_of)
from sdr_assets.domain.plays import Play, parse_play
from sdr_assets.monitor_data import append_pauses

SHIPPED = Path(__file__).resolve().parents[2] / "data" / "plays"
T0 = datetime(2026, 11, 1, 9, tzinfo=UTC)


@pytest.fixture
def doc() -> dict:
    return yaml.safe_load((SHIPPED / "revops-hiring.yaml").read_text(encoding="utf-8"))


@pytest.fixture
def play(doc) -> Play:
    return parse_play(copy.deepcopy(doc))


@pytest.fixture
def edited(doc) -> Play:
    """The same play after a template change: a new version."""
    doc["variants"][0]["subject"] = "{role} opening at {company_name}"
    return parse_play(doc)


def _decision(n: int, version: str, decision: str, who: str = "Dana") -> dict:
    return {"decision_id": n, "version_hash": version, "decision": decision, "decided_by": who,
            "decided_at": T0 + timedelta(hours=n), "note": ""}


def _trail(*steps: tuple[str, str] | tuple[str, str, str]) -> list[dict]:
    return [_decision(n, *step) for n, step in enumerate(steps, start=1)]


def test_status_truth_table(play: Play, edited: Play):
    v1, v2 = play.version_hash, edited.version_hash
    assert v1 != v2
    paused = parse_play({**yaml.safe_load((SHIPPED / "revops-hiring.yaml").read_text()), "paused": True})
    cases = [
        (play, [], "pending"),
        (play, _trail((v1, "approve")), "approved"),
        (play, _trail((v1, "reject")), "rejected"),
        (play, _trail((v1, "approve"), (v1, "reject")), "rejected"),
        (play, _trail((v1, "approve"), (v1, "revoke")), "revoked"),
        (edited, _trail((v1, "approve"), (v1, "revoke")), "revoked"),
        (play, _trail((v1, "approve"), (v1, "revoke"), (v1, "approve", "Lee")), "approved"),
        (play, _trail((v1, "reject"), (v1, "approve")), "approved"),
        (edited, _trail((v1, "approve")), "changed_since_approval"),
        (edited, _trail((v1, "approve"), (v2, "approve")), "approved"),
        (edited, _trail((v1, "approve"), (v2, "reject")), "rejected"),
        (play, _trail((v1, "approve"), (v2, "approve")), "approved"),  # reverted to an approved version
        # A withdrawal stops the play whatever version it names: taken where the play hashes otherwise,
        # or undone by reverting the file, it still stops the sends; only a new approval reopens them.
        (play, _trail((v1, "approve"), (v2, "revoke")), "revoked"),
        (play, _trail((v1, "approve"), (v2, "reject")), "rejected"),
        (play, _trail((v1, "approve"), (v2, "revoke"), (v1, "approve", "Lee")), "approved"),
        (play, _trail((v1, "approve"), (v1, "revoke"), (v1, "resume")), "revoked"),
        (play, _trail((v1, "approve"), (v1, "reject"), (v1, "resume")), "rejected"),
        (edited, _trail((v1, "reject")), "pending"),  # the rejected proposal, edited: a new one to review
        (edited, _trail((v1, "approve"), (v1, "reject")), "changed_since_approval"),
        # An approval recorded without a name (a row written by hand) opens nothing; a withdrawal counts.
        (play, _trail((v1, "approve", "\u200b")), "pending"),
        (play, _trail((v1, "approve", "  ")), "pending"),
        (play, _trail((v1, "approve"), (v1, "revoke", "")), "revoked"),
        (paused, [], "paused"),
        (paused, _trail((v1, "approve")), "paused"),
        (paused, _trail((v1, "reject")), "paused"),
    ]
    for subject, decisions, expected in cases:
        status = status_of(subject, decisions)
        assert status.status == expected, (subject.version_hash, [d["decision"] for d in decisions])
        assert status.approved == (expected == "approved")
        assert status.current_hash == subject.version_hash


def test_an_approval_of_an_older_version_never_opens_the_gate(play: Play, edited: Play):
    v1 = play.version_hash
    for trail in (_trail((v1, "approve")), _trail((v1, "approve"), (v1, "revoke")), _trail((v1, "reject"))):
        assert not status_of(edited, trail).approved


def test_status_names_who_approved_the_current_version(play: Play, edited: Play):
    v1, v2 = play.version_hash, edited.version_hash
    again = status_of(play, _trail((v1, "approve", "Dana"), (v1, "revoke", "Ops"), (v1, "approve", "Lee")))
    assert (again.approved_by, again.approved_at) == ("Lee", T0 + timedelta(hours=3))
    lapsed = status_of(edited, _trail((v1, "approve", "Dana")))
    assert lapsed.approved_by is None and lapsed.last_approved_hash == v1
    assert status_of(edited, _trail((v1, "approve"), (v2, "approve", "Lee"))).last_approved_hash == v2
    assert status_of(play, _trail((v1, "reject", "Dana"))).approved_by is None


@pytest.fixture
def con():
    connection = duckdb.connect(":memory:")
    yield connection
    connection.close()


def test_decisions_are_appended_in_order_and_keep_the_version_content(con, play: Play):
    assert history(con, play.name) == []
    first = record_decision(con, play, play.version_hash, "approve", " Dana Whitfield ", "fine", now=T0)
    second = record_decision(con, play, play.version_hash, "revoke", "Lee", now=T0 + timedelta(days=1))
    assert (first, second) == (1, 2)
    trail = history(con, play.name)
    assert [(r["decision"], r["decided_by"], r["note"]) for r in trail] == [
        ("approve", "Dana Whitfield", "fine"), ("revoke", "Lee", "")]
    assert approval_status(con, play).status == "revoked"
    assert version_content(con, play.name, play.version_hash) == yaml.safe_load(
        yaml.safe_dump(play.versioned_content()))


def test_a_decision_on_a_stale_version_shows_the_current_one(con, play: Play, edited: Play):
    with pytest.raises(StaleVersionError) as raised:
        record_decision(con, edited, play.version_hash, "approve", "Dana")
    assert edited.version_hash in str(raised.value) and play.version_hash in str(raised.value)
    assert history(con, play.name) == []


@pytest.mark.parametrize("person", ["", "   ", None, "\u200b", "\u2066\u2069", "-- .", "Dana\u202eeittihW",
                                    "Dana\x00"])
def test_a_decision_needs_a_named_person(con, play: Play, person):
    with pytest.raises(ApprovalError, match="name of the person"):
        record_decision(con, play, play.version_hash, "approve", person)
    assert history(con, play.name) == []


PLACEHOLDERS = ["Your Name", "  your   NAME ", "<your name>", "demo", "SYSTEM", "auto", "sdr", "bot", "Admin",
                "test", "n/a", "None", "me", "TBD", "anonymous", "user", "1", "x", "R2", "李",
                # run together, in full-width letters, a template's own, or machines and the pipeline's parts
                "YourName", "Ｙｏｕｒ Ｎａｍｅ", "Your Name Here", "Firstname Lastname", "the monitor", "sdr-bot",
                "root", "cron", "dagster", "github-actions", "daemon",
                # a placeholder word beside others, a stand-in's name, or letters of two alphabets in one word
                "Your Full Name", "NAME_HERE", "nobody", "someone", "placeholder", "Reviewer Name", "John Doe",
                "Max Mustermann", "Y\u043eur Name", "Dana Whit\u0435field"]


@pytest.mark.parametrize("person", PLACEHOLDERS)
def test_a_placeholder_or_machine_name_is_refused(con, play: Play, person):
    with pytest.raises(ApprovalError, match="reviewer's own name"):
        record_decision(con, play, play.version_hash, "approve", person)
    assert history(con, play.name) == []


def test_the_demo_approves_as_its_reviewer_in_the_demo_only(con, play: Play):
    record_decision(con, play, play.version_hash, "approve", "demo", mode="demo")
    assert status_of(play, history(con, play.name), mode="demo").approved_by == "demo"
    with pytest.raises(ApprovalError, match="reviewer's own name"):
        record_decision(con, play, play.version_hash, "approve", "Demo", mode="live")


@pytest.mark.parametrize("person", [*PLACEHOLDERS, "", "\u200b"])
@pytest.mark.parametrize("decision", ["approve", "resume"])
def test_a_stored_decision_by_a_placeholder_name_never_opens_the_gate(play: Play, person, decision):
    """Rows recorded before such names were refused, or written by hand: a live approval by "demo"
    counts nowhere, a demo one only in the demo."""
    v = play.version_hash
    trail = ([] if decision == "approve" else _trail((v, "approve")))
    trail = [{**d, "mode": "live"} for d in trail + [_decision(len(trail) + 1, v, decision, person)]]
    pause = {"event": "pause", "scope": "play", "play_version": v, "after_decision_id": 1}
    closed = "pending" if decision == "approve" else "paused_by_monitor"
    for mode in ("live", "demo"):
        assert status_of(play, trail, [pause] if decision == "resume" else [], mode).status == closed
    demo_trail = [{**d, "mode": "demo", "decided_by": "demo"} for d in trail]
    assert status_of(play, demo_trail, mode="demo").approved
    assert not status_of(play, demo_trail, mode="live").approved


@pytest.mark.parametrize("person", ["Dana Whitfield", "Seán O'Brien", "李雷", "ops-2", "Li", "Demo Okafor", "Ирина Петрова", "Joe Sample"])
def test_names_in_any_script_are_names(con, play: Play, person):
    record_decision(con, play, play.version_hash, "approve", person)
    assert approval_status(con, play).approved_by == person


@pytest.mark.parametrize("withdrawal", ["revoke", "reject"])
def test_a_resume_never_reopens_a_withdrawn_play(con, play: Play, withdrawal):
    record_decision(con, play, play.version_hash, "approve", "Dana", now=T0)
    record_decision(con, play, play.version_hash, withdrawal, "Lee", now=T0 + timedelta(hours=1))
    with pytest.raises(ApprovalError, match=f"{withdrawal}ed by Lee.*approve it instead"):
        record_decision(con, play, play.version_hash, "resume", "Sam", now=T0 + timedelta(hours=2))
    assert [d["decision"] for d in history(con, play.name)] == ["approve", withdrawal]
    record_decision(con, play, play.version_hash, "approve", "Sam", now=T0 + timedelta(hours=3))
    append_pauses(con, [{**_pause_of(play.version_hash, after=3), "play": play.name, "scope_value": play.name}])
    record_decision(con, play, play.version_hash, "resume", "Sam", now=T0 + timedelta(hours=4))
    assert approval_status(con, play).approved_by == "Sam"


def test_only_three_decisions_exist(con, play: Play):
    with pytest.raises(ApprovalError, match="decision must be one of"):
        record_decision(con, play, play.version_hash, "approved", "Dana")


def _sharing_the_short_hash(play: Play, other: Play) -> Play:
    """``other``'s content under ``play``'s short hash: two files crafted to share 64 bits, which no
    test can craft."""
    return dataclasses.replace(other, version_hash=play.version_hash)


def test_an_approval_never_opens_the_gate_for_other_content_under_the_same_short_hash(con, play: Play,
                                                                                      edited: Play):
    forged = _sharing_the_short_hash(play, edited)
    assert forged.version_hash == play.version_hash and forged.content_sha256 != play.content_sha256
    record_decision(con, play, play.version_hash, "approve", "Dana", now=T0)
    assert history(con, play.name)[0]["content_sha256"] == play.content_sha256
    assert approval_status(con, play).approved
    status = approval_status(con, forged)
    assert status.status == "changed_since_approval" and status.approved_by is None
    with pytest.raises(ApprovalError, match="approve it instead"):
        record_decision(con, forged, forged.version_hash, "resume", "Sam", now=T0 + timedelta(hours=1))
    record_decision(con, forged, forged.version_hash, "approve", "Sam", now=T0 + timedelta(hours=2))
    assert approval_status(con, forged).approved_by == "Sam", "its own approval opens it"
    assert approval_status(con, play).approved_by == "Dana"


def test_a_decision_recorded_before_digests_were_kept_goes_by_its_short_hash(play: Play, edited: Play):
    trail = _trail((play.version_hash, "approve"))
    assert "content_sha256" not in trail[0]
    assert status_of(play, trail).approved
    assert status_of(_sharing_the_short_hash(play, edited), trail).approved, "nothing to tell them apart by"
    assert not status_of(edited, trail).approved


def test_the_decisions_every_reader_counts_are_the_gates(play: Play, edited: Play):
    """A resume taken in the demo, one naming nobody and one taken on other content under the same
    short hash lift no pause outside the demo, for the gate and for what reads ``counted``."""
    v = play.version_hash
    trail = [{**d, "mode": "live", "content_sha256": play.content_sha256} for d in _trail((v, "approve"))]
    pause = {"event": "pause", "scope": "play", "play_version": v, "after_decision_id": 1}
    uncounted = [{**_decision(2, v, "resume", "Demo Person"), "mode": "demo"},
                 {**_decision(3, v, "resume", " "), "mode": "live"},
                 {**_decision(4, v, "resume", "Sam"), "mode": "live", "content_sha256": edited.content_sha256}]
    for resume in uncounted:
        assert status_of(play, trail + [resume], [pause]).status == "paused_by_monitor"
        assert open_pauses([pause], counted(play, trail + [resume], "live"), v) == [pause]
    assert open_pauses([pause], counted(play, trail + uncounted[:1], "demo"), v) == [], "counts in the demo"
    assert open_pauses([pause], counted(None, trail + uncounted[2:], "live"), v) == [], \
        "a play whose file is gone has no content to set a decision apart by"


def _pause_of(version: str, after: int, pause_id: int = 1) -> dict:
    return {"pause_id": pause_id, "event": "pause", "scope": "play", "play_version": version,
            "after_decision_id": after, "reason": "the play: 8 of 16 sends drew a negative verdict.",
            "recorded_at": T0, "sends": 16, "negatives": 8, "weighted": 8.0, "baseline": 0.06,
            "statistic": 7.3, "message_ids": "<a@x>"}


def test_a_late_pause_of_the_version_an_approved_edit_replaced_is_named_until_a_person_answers_it(
        play: Play, edited: Play):
    """The edit was approved and sends; then replies to the copy it replaced tripped the monitor. The
    pause holds nothing, but status names it until an approval over it or a resume (of any version)."""
    v1, v2 = play.version_hash, edited.version_hash
    trail = _trail((v1, "approve"), (v2, "approve", "Lee"))
    late = _pause_of(v1, after=2)
    status = status_of(edited, trail, [late])
    assert status.status == "approved" and status.earlier_pauses == (late,), "the edit sends; the pause is named"
    with pytest.raises(ApprovalError, match=f"monitor paused version {v1}.*--over-pause {v1}"):
        checked_decision(edited, v2, "approve", "Lee Ops", trail, pauses=[late])
    assert checked_decision(edited, v2, "approve", "Lee Ops", trail, pauses=[late], over_pause=v1) == "Lee Ops"
    for answer in ("approve", "resume"):
        assert status_of(edited, trail + [_decision(3, v2, answer, "Lee")], [late]).earlier_pauses == ()
    assert edited_pauses([late], trail + [_decision(3, v2, "approve", "Lee")], v2) == [late], \
        "an approval answers the approver, not the owner: the notice still goes"
    assert status_of(play, trail, [late]).status == "paused_by_monitor", "reverted to the paused copy: it holds"
    assert status_of(edited, trail, [_pause_of(v1, after=1)]).earlier_pauses == (), \
        "a pause the approval of the edit came after was answered by it (given over it)"
