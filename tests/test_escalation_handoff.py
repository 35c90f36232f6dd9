"""What reaches a person, and the CRM, as conversations change: a report nobody could place, a
reply without a Date, research that aged out, one person in two plays, interest withdrawn, runs
that overlap."""

from __future__ import annotations

import csv
import json
from datetime import UTC, datetime

import polars as pl
import pytest

import sdr_assets.escalations as escalations_module
from sdr_assets.crm import export_crm
from sdr_assets.domain.escalations import EscalationError
from tests.escalation_desk import ANN, PLAY, Desk, reply

MON, TUE = datetime(2026, 11, 23, 9, tzinfo=UTC), datetime(2026, 11, 24, 9, tzinfo=UTC)
INTEREST = "Yes, this is timely. Can we talk next week?"
RETRACTION = "Sorry, scratch that. We decided against it, not interested."


@pytest.fixture
def desk(tmp_path) -> Desk:
    return Desk(tmp_path / "data")


def _one(desk: Desk, now: datetime) -> dict:
    (row,) = desk.queue(now)
    return row


def _leads(desk: Desk, now: datetime, fmt: str = "salesforce") -> list[dict]:
    out = desk.root / "crm"
    export_crm(desk.resources(now)["warehouse"], now, fmt, out, None, desk.root)
    name = "salesforce_leads.csv" if fmt == "salesforce" else "hubspot_contacts.csv"
    with (out / name).open(newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def test_a_report_nobody_could_place_does_not_turn_a_claimed_lead_into_one_for_review(desk):
    interested = reply("<r1@acme.example>", "Yes, this is timely. Can we talk next week?", "interested", MON)
    desk.replies([interested])
    desk.run_escalations(MON.replace(hour=10))
    desk.act(_one(desk, MON.replace(hour=10))["escalation_id"], "claim", "Sam Lee", MON.replace(hour=11))
    report = reply("<fbl-1@mx.provider.example>", "", None, TUE, kind="other", sender="fbl@mx.provider.example",
                   needs_review=True, confidence=0.95, reason="feedback report: virus")
    desk.replies([interested, report])
    desk.run_escalations(TUE.replace(hour=10))
    row = _one(desk, TUE.replace(hour=10))
    assert (row["label"], row["reply_count"]) == ("interested", 2), "the report is in the thread, not its label"
    assert (row["message_id"], row["from_addr"]) == ("<r1@acme.example>", ANN), "nor the reply a person answers"
    assert "timely" in row["reply_text"]
    assert [lead["Email"] for lead in _leads(desk, TUE.replace(hour=10))] == [ANN]


def test_a_conversation_of_reports_alone_is_still_left_for_review(desk):
    desk.replies([reply("<fbl-1@mx.provider.example>", "", None, MON, kind="other", sender="fbl@mx.provider.example",
                        needs_review=True, reason="feedback report: virus")])
    desk.run_escalations(MON.replace(hour=10))
    assert _one(desk, MON.replace(hour=10))["label"] == "review"
    assert _leads(desk, MON.replace(hour=10)) == []


def test_a_reply_without_a_date_takes_its_place_by_when_it_was_read(desk):
    first = reply("<r1@acme.example>", "Sounds interesting, happy to talk.", "interested", None)
    desk.replies([first], {"<r1@acme.example>": MON})
    desk.run_escalations(MON.replace(hour=10))
    desk.act(_one(desk, MON.replace(hour=10))["escalation_id"], "claim", "Sam Lee", MON.replace(hour=11))
    objection = "We signed with another vendor last month, so this is not a fit for us now."
    second = reply("<r2@acme.example>", objection, "objection", TUE, sub_reason="has_solution")
    desk.replies([first, second], {"<r1@acme.example>": MON, "<r2@acme.example>": TUE})
    desk.run_escalations(TUE.replace(hour=10))
    row = _one(desk, TUE.replace(hour=10))
    assert (row["message_id"], row["reply_text"], row["label"]) == ("<r2@acme.example>", objection, "objection")
    assert "timely" not in row["suggested_response"], "the answer is written again for the objection"


def test_a_reply_without_a_date_is_shown_in_the_thread_where_it_arrived(desk):
    first = reply("<r1@acme.example>", "Sounds interesting, happy to talk.", "interested", MON)
    second = reply("<r2@acme.example>", "Actually, what does it cost for ten seats?", "question", None)
    desk.replies([first, second], {"<r1@acme.example>": MON, "<r2@acme.example>": TUE})
    desk.run_escalations(TUE.replace(hour=10))
    row = _one(desk, TUE.replace(hour=10))
    shown = [m["message_id"] for m in json.loads(row["thread"]) if m["direction"] == "in"]
    assert (row["message_id"], shown) == ("<r2@acme.example>", ["<r1@acme.example>", "<r2@acme.example>"])


ROUTING = "\nrouting:\n  segments:\n    - owner: Leo Park\n      employees: {min: 1000}\n"
ENRICHED = {"play": pl.String, "email": pl.String, "status": pl.String, "first_name": pl.String,
            "last_name": pl.String, "title": pl.String, "company_name": pl.String, "company_domain": pl.String,
            "industry": pl.String, "country": pl.String, "employees": pl.Int64, "signal_id": pl.String}


def test_an_escalation_keeps_its_owner_once_its_accounts_research_aged_out(desk):
    play_file = desk.root / "plays" / f"{PLAY}.yaml"
    play_file.write_text(play_file.read_text(encoding="utf-8") + ROUTING, encoding="utf-8")
    acme = {"play": PLAY, "email": ANN, "status": "ready", "first_name": "Ann", "last_name": "Lee",
            "title": "VP Revenue Operations", "company_name": "Acme", "company_domain": "acme.example",
            "industry": "Software", "country": "US", "employees": 5000, "signal_id": "s1"}
    desk.write("enriched_accounts", [acme], ENRICHED)
    desk.replies([reply("<r1@acme.example>", "Sounds interesting, happy to talk.", "interested", MON)])
    desk.run_escalations(MON.replace(hour=10))
    assert _one(desk, MON.replace(hour=10))["owner"] == "Leo Park"
    desk.write("enriched_accounts", [], ENRICHED)
    later = datetime(2027, 1, 11, 10, tzinfo=UTC)
    desk.run_escalations(later)
    row = _one(desk, later)
    assert (row["company_name"], row["owner"]) == ("Acme", "Leo Park"), "nobody moved it"
    desk.write("enriched_accounts", [{**acme, "employees": 40}], ENRICHED)
    desk.run_escalations(later.replace(hour=11))
    assert _one(desk, later.replace(hour=11))["routed_to"] != "Leo Park", "known facts still route it"


@pytest.mark.parametrize("fmt", ["hubspot", "salesforce"])
def test_one_person_in_two_plays_is_one_contact_spoken_for_by_the_conversation_furthest_along(desk, fmt):
    desk.replies([reply("<r1@acme.example>", "Sounds interesting, happy to talk.", "interested", MON),
                  reply("<r2@acme.example>", "What does it cost for a team of ten?", "question", TUE,
                        play="series-b-funding", contact=" Ann@ACME.example")])
    now = TUE.replace(hour=10)
    desk.run_escalations(now)
    meeting = next(r for r in desk.queue(now) if r["label"] == "interested")
    desk.act(meeting["escalation_id"], "handle", "Sam Lee", now, outcome="meeting")
    (lead,) = _leads(desk, now, fmt)
    if fmt == "hubspot":
        assert (lead["Lifecycle Stage"], lead["Lead Status"]) == ("salesqualifiedlead", "CONNECTED")
        assert lead["Outbound Play"] == "revops-hiring, series-b-funding"
        with (desk.root / "crm" / "hubspot_notes.csv").open(newline="", encoding="utf-8") as fh:
            assert len(list(csv.DictReader(fh))) == 2, "a note for each conversation"
    else:
        assert (lead["Status"], lead["SDR_Play__c"]) == ("Working - Contacted", "revops-hiring, series-b-funding")
        assert "team of ten" in lead["Description"] and "happy to talk" in lead["Description"]


def test_interest_withdrawn_by_its_writer_is_answered_as_the_decline_and_is_no_hot_lead(desk):
    desk.replies([reply("<r1@acme.example>", INTEREST, "interested", MON),
                  reply("<r2@acme.example>", RETRACTION, "not_interested", TUE)])
    now = TUE.replace(hour=15)
    desk.run_escalations(now)
    row = _one(desk, now)
    assert (row["reply_text"], row["label"], row["priority"]) == (RETRACTION, "not_interested", 5)
    assert "timely" not in row["suggested_response"] and "suit you" not in row["suggested_response"]
    assert "follow up" not in row["suggested_response"], row["suggested_response"]
    assert (row["waiting_business_hours"], row["over_sla"]) == (None, False), "a decline runs no service level"
    (lead,) = _leads(desk, now)
    assert lead["Rating"] != "Hot"


def test_a_decline_on_a_claimed_conversation_is_not_promised_a_follow_up(desk):
    first = reply("<r1@acme.example>", INTEREST, "interested", MON)
    desk.replies([first])
    desk.run_escalations(MON.replace(hour=10))
    desk.act(_one(desk, MON.replace(hour=10))["escalation_id"], "claim", "Sam Lee", MON.replace(hour=11))
    desk.replies([first, reply("<r2@acme.example>", RETRACTION, "not_interested", TUE)])
    desk.run_escalations(TUE.replace(hour=10))
    row = _one(desk, TUE.replace(hour=10))
    assert row["label"] == "not_interested"
    assert row["suggested_response"] and "follow up" not in row["suggested_response"], row["suggested_response"]


def test_a_colleagues_decline_does_not_withdraw_the_contacts_own_interest(desk):
    desk.replies([reply("<r1@acme.example>", INTEREST, "interested", MON),
                  reply("<r2@acme.example>", "Not interested, thanks.", "not_interested", TUE,
                        sender="bob@acme.example")])
    desk.run_escalations(TUE.replace(hour=10))
    assert _one(desk, TUE.replace(hour=10))["label"] == "interested", "Ann said yes; only Ann takes it back"


def test_one_reply_is_logged_once_however_runs_overlap(desk, monkeypatch):
    """A second run, and a person's hand-off, land while the first run's model writes answers (it
    holds no connection then): the first run logs no second reply event, so nothing reopens."""
    desk.replies([reply("<r1@acme.example>", INTEREST, "interested", MON)])
    build_rows, overlapped = escalations_module.build_rows, []

    def slow_model_meanwhile(*args, **kwargs):
        built = build_rows(*args, **kwargs)
        if not overlapped:
            overlapped.append(True)
            desk.run_escalations(MON.replace(hour=10))
            desk.act(_one(desk, MON.replace(hour=10))["escalation_id"], "handle", "Sam Lee",
                     MON.replace(hour=10, minute=5), outcome="disqualified")
        return built

    monkeypatch.setattr(escalations_module, "build_rows", slow_model_meanwhile)
    desk.run_escalations(MON.replace(hour=10))
    with desk.resources(MON)["warehouse"].connect() as con:
        logged = con.execute("select count(*) from escalation_events where action = 'reply'").fetchone()[0]
    row = _one(desk, MON.replace(hour=11))
    assert (logged, row["status"], row["reopened"]) == (1, "handled", False)


WED = datetime(2026, 11, 25, 9, tzinfo=UTC)


def _claimed_by_sam(desk: Desk) -> str:
    desk.replies([reply("<r1@acme.example>", INTEREST, "interested", MON)])
    desk.run_escalations(MON.replace(hour=10))
    eid = _one(desk, MON.replace(hour=10))["escalation_id"]
    desk.act(eid, "claim", "Sam Lee", MON.replace(hour=11))
    return eid


def _exported(desk: Desk, now: datetime) -> dict:
    """The row of ``escalations.csv`` a run writes, with the CRM's owner of the contact beside it."""
    desk.run_escalations(now)
    with (desk.root / "exports" / "escalations.csv").open(newline="", encoding="utf-8") as fh:
        (row,) = csv.DictReader(fh)
    (lead,) = _leads(desk, now, "hubspot")
    return {**row, "crm_owner": lead["Contact owner"]}


@pytest.mark.parametrize("action, fields", [("claim", {}), ("snooze", {"until": WED.replace(day=28)}),
                                            ("handle", {"outcome": "disqualified"})])
def test_a_claimants_snooze_keeps_the_claim_hers_until_it_wakes(desk, action, fields):
    eid = _claimed_by_sam(desk)
    desk.act(eid, "snooze", "Sam Lee", MON.replace(hour=12), until=WED)
    with pytest.raises(EscalationError, match=rf"{eid} is claimed by Sam Lee since .*--take-over"):
        desk.act(eid, action, "Mia Chen", TUE, **fields)
    row = _one(desk, TUE)
    assert (row["status"], row["owner"], row["held_by"]) == ("snoozed", "Sam Lee", "Sam Lee"), "nothing recorded"
    woke = _one(desk, WED)
    assert (woke["status"], woke["held_by"]) == ("open", None)
    assert desk.act(eid, action, "Mia Chen", WED, **fields)["taken_from"] is None, "once awake, it is free"


@pytest.mark.parametrize("action, fields", [("snooze", {"until": WED}), ("handle", {"outcome": "nurture"})])
def test_a_take_over_makes_the_taker_the_owner_and_is_logged(desk, action, fields):
    eid = _claimed_by_sam(desk)
    taken = desk.act(eid, action, "Mia Chen", TUE, note="Sam is on leave", take_over=True, **fields)
    assert (taken["taken_from"], taken["owner"]) == ("Sam Lee", "Mia Chen")
    assert _one(desk, TUE.replace(hour=10))["owner"] == "Mia Chen"
    exported = _exported(desk, TUE.replace(hour=10))
    assert (exported["owner"], exported["crm_owner"]) == ("Mia Chen", "Mia Chen")
    with desk.resources(TUE)["warehouse"].connect() as con:
        logged = con.execute("select actor, action, acted_at, note from escalation_events where escalation_id = ? "
                             "and action <> 'reply' order by event_id", [eid]).fetchall()
    assert [(a, act, at.astimezone(UTC), n) for a, act, at, n in logged] == [
        ("Sam Lee", "claim", MON.replace(hour=11), None),
        ("Mia Chen", action, TUE, "took over from Sam Lee: Sam is on leave")]


def test_a_snooze_taken_over_is_the_takers_claim_and_a_snooze_of_no_claim_holds_nothing(desk):
    eid = _claimed_by_sam(desk)
    desk.act(eid, "snooze", "Mia Chen", TUE, until=WED.replace(day=28), take_over=True)
    with pytest.raises(EscalationError, match="claimed by Mia Chen"):
        desk.act(eid, "claim", "Sam Lee", TUE.replace(hour=10))
    other = reply("<r9@beta.example>", "What does it cost?", "question", MON, contact="bo@beta.example",
                  sender="bo@beta.example")
    desk.replies([reply("<r1@acme.example>", INTEREST, "interested", MON), other])
    desk.run_escalations(TUE.replace(hour=11))
    free = next(r for r in desk.queue(TUE.replace(hour=11)) if r["contact_email"] == "bo@beta.example")
    desk.act(free["escalation_id"], "snooze", "Sam Lee", TUE.replace(hour=12), until=WED)
    assert desk.act(free["escalation_id"], "claim", "Mia Chen", TUE.replace(hour=13))["taken_from"] is None
