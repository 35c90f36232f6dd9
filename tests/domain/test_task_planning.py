"""Task planning: people's decisions stay, excluded contacts get no new task, open ones are withdrawn."""

from datetime import UTC, datetime, timedelta

import pytest

from sdr_assets.domain.tasks import RESEARCH_GONE, TaskError, decide_task, plan_tasks, task_id, withdraw_undrafted
from sdr_assets.domain.timeliness import GONE, JUST, Stale

NOW = datetime(2026, 11, 20, 9, tzinfo=UTC)


def _due(address: str, step: int = 2) -> dict:
    return {"play": "p", "address": address, "step": step, "contact_name": "A", "linkedin_url": "u",
            "note": "hi", "due_at": NOW + timedelta(days=2)}


def test_new_tasks_open_and_excluded_contacts_get_none():
    rows = plan_tasks([_due("a@x.example"), _due("b@x.example")], {}, {"b@x.example": "suppressed"}, NOW)
    assert [(r["contact_email"], r["status"]) for r in rows] == [("a@x.example", "open")]


def test_people_decisions_are_never_overwritten_and_open_tasks_are_withdrawn():
    done = plan_tasks([_due("a@x.example")], {}, {}, NOW)[0] | {"status": "done", "decided_by": "Kim"}
    opened = plan_tasks([_due("b@x.example")], {}, {}, NOW)[0]
    existing = {done["task_id"]: done, opened["task_id"]: opened}
    later = NOW + timedelta(days=1)
    rows = plan_tasks([_due("a@x.example"), _due("b@x.example")], existing,
                      {"a@x.example": "replied", "b@x.example": "held: out of office"}, later)
    assert [(r["contact_email"], r["status"], r["reason"]) for r in rows] == [
        ("b@x.example", "withdrawn", "held: out of office")]
    back = plan_tasks([_due("b@x.example")], {opened["task_id"]: rows[0]}, {}, later + timedelta(days=5))
    assert back[0]["status"] == "open", "a task withdrawn for a pause reopens once the pause is over"
    assert plan_tasks([_due("b@x.example")], {opened["task_id"]: opened}, {}, later) == [], "unchanged: no write"


def test_a_task_whose_note_no_draft_holds_is_withdrawn_if_held_or_its_contact_excluded():
    """Its account left the research: a held task would wait for research that never comes, and one
    of a contact who replied is nobody's to do; an open one of a contact free to contact stays."""
    tasks = {t["task_id"]: t for t in (plan_tasks([_due(a)], {}, {}, NOW)[0] for a in
                                       ("held@x.example", "open@x.example", "replied@x.example", "kept@x.example",
                                        "done@x.example"))}
    by = {t["contact_email"]: t["task_id"] for t in tasks.values()}
    tasks[by["held@x.example"]] |= {"status": "held", "reason": "waits: ..."}
    tasks[by["kept@x.example"]] |= {"status": "held", "reason": "waits: ..."}
    tasks[by["done@x.example"]] |= {"status": "done", "decided_by": "Kim"}
    later = NOW + timedelta(days=3)
    rows = withdraw_undrafted(tasks, {by["kept@x.example"]}, {"replied@x.example": "replied: interested",
                                                              "done@x.example": "replied: interested"}, later)
    assert sorted((r["contact_email"], r["status"], r["reason"], r["decided_at"]) for r in rows) == [
        ("held@x.example", "withdrawn", RESEARCH_GONE, later),
        ("replied@x.example", "withdrawn", "replied: interested", later)]


def test_task_ids_are_stable_per_play_address_and_step():
    assert task_id("p", "a@x.example", 2) == task_id("p", "a@x.example", 2) != task_id("p", "a@x.example", 4)


@pytest.mark.parametrize("decision, by, reason, message", [
    ("done", "", "", "name"), ("skipped", "Kim", "", "why"), ("deleted", "Kim", "", "marked")])
def test_bad_decisions_say_why(decision, by, reason, message):
    current = {"task_id": "t", "status": "open", "decided_by": None}
    with pytest.raises(TaskError, match=message):
        decide_task(current, decision, by, reason)


def test_a_decided_task_cannot_be_decided_again():
    with pytest.raises(TaskError, match="already done by Kim"):
        decide_task({"task_id": "t", "status": "done", "decided_by": "Kim"}, "skipped", "Lee", "x")
    with pytest.raises(TaskError, match="no such task"):
        decide_task(None, "done", "Kim")
    with pytest.raises(TaskError, match=r"was withdrawn \(suppressed: manual\): it is nobody's to do now"):
        decide_task({"task_id": "t", "status": "withdrawn", "decided_by": "system", "reason": "suppressed: manual"},
                    "done", "Kim")


def test_a_note_that_waits_for_fresh_research_is_held_with_why_and_reopens_reworded():
    waits = {"d1": Stale(JUST, 'waits: it says "you just raised a Series B" of a signal 15 days old')}
    due = _due("a@x.example") | {"draft_id": "d1"}
    (held,) = plan_tasks([due], {}, {}, NOW, waits)
    assert (held["status"], held["reason"], held["decided_by"]) == ("held", waits["d1"].reason, "system"), (
        "shown, not dropped")
    with pytest.raises(TaskError, match="is held"):
        decide_task(held, "done", "Kim")
    assert plan_tasks([due], {}, {"a@x.example": "replied: interested"}, NOW, waits) == [], "a reply comes first"
    fresh = _due("a@x.example") | {"draft_id": "d2", "note": "since you raised a Series B"}
    (back,) = plan_tasks([fresh], {held["task_id"]: held}, {}, NOW + timedelta(days=1), waits)
    assert (back["status"], back["reason"], back["note"]) == ("open", None, fresh["note"])


def test_a_note_no_research_can_word_again_is_withdrawn_saying_so_and_stays_so():
    """Its signal is no longer stored: kept research words it as stored, so it would wait for ever."""
    reason = "waits: its signal s1 is no longer among the raw signals"
    due = _due("a@x.example") | {"draft_id": "d1"}
    (held,) = plan_tasks([due], {}, {}, NOW, {"d1": Stale(JUST, reason)})
    gone_now = {"d1": Stale(GONE, reason)}
    (gone,) = plan_tasks([due], {held["task_id"]: held}, {}, NOW, gone_now)
    assert (gone["status"], gone["reason"]) == ("withdrawn", RESEARCH_GONE)
    assert plan_tasks([due], {gone["task_id"]: gone}, {}, NOW, gone_now) == [], "no flip back to held"
    (never,) = plan_tasks([due], {}, {}, NOW, gone_now)
    assert never["status"] == "withdrawn", "its step is settled, so its sequence ends"
