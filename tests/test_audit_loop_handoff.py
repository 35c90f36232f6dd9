"""Audit: what the hand-over and the service level say of a person, as her conversations change."""

import csv
from datetime import UTC, datetime

from sdr_assets import optout_log
from sdr_assets.crm import export_crm
from sdr_assets.escalations import escalation_sla
from sdr_assets.status import collect_status
from tests.escalation_desk import ANN, Desk, reply

MON, TUE, FRI = (datetime(2026, 11, 23, 9, tzinfo=UTC), datetime(2026, 11, 24, 9, tzinfo=UTC),
                 datetime(2026, 11, 27, 16, tzinfo=UTC))


def test_an_export_since_a_date_does_not_hand_a_booked_meeting_over_as_a_new_lead(tmp_path):
    desk = Desk(tmp_path / "data")
    interested = reply("<r1@acme.example>", "Yes, this is timely. Can we talk next week?", "interested", MON)
    desk.replies([interested])
    desk.run_escalations(MON.replace(hour=10))
    (row,) = desk.queue(MON.replace(hour=10))
    desk.act(row["escalation_id"], "handle", "Sam Lee", MON.replace(hour=11), outcome="meeting")
    question = reply("<r2@acme.example>", "Got your other note too. Any pricing?", "question", FRI,
                     play="series-b-funding")
    desk.replies([interested, question])
    desk.run_escalations(FRI)

    out = desk.root / "crm"
    export_crm(desk.resources(FRI)["warehouse"], FRI, "hubspot", out, TUE, desk.root)  # last week's hand-over
    with (out / "hubspot_contacts.csv").open(newline="", encoding="utf-8") as fh:
        (contact,) = list(csv.DictReader(fh))
    assert contact["Email"] == ANN
    assert (contact["Lifecycle Stage"], contact["Lead Status"], contact["Contact owner"]) == (
        "salesqualifiedlead", "CONNECTED", "Sam Lee"), (
        "the import updates her by Email: her booked meeting must not go back to a new lead of another owner")
    assert contact["Outbound Play"] == "revops-hiring, series-b-funding"
    with (out / "hubspot_notes.csv").open(newline="", encoding="utf-8") as fh:
        (note,) = list(csv.DictReader(fh))
    assert "Any pricing?" in note["Note body"] and "timely" not in note["Note body"], (
        "each import adds its notes: only the conversation active since gets one")


def test_a_contact_who_opted_out_after_her_reply_is_not_chased_as_late(tmp_path):
    desk = Desk(tmp_path / "data")
    desk.replies([reply("<r1@acme.example>", "Yes, this is timely. Can we talk next week?", "interested", MON)])
    desk.run_escalations(MON.replace(hour=10))
    optout_log.append(desk.root, "k" * 24, ANN, MON.replace(hour=11))  # she clicks the unsubscribe link
    (row,) = desk.queue(FRI)
    assert row["suppressed"] == "unsubscribe_link", "precondition: she may no longer be mailed"

    r = desk.resources(FRI)
    status = collect_status(r["warehouse"], r["paths"], FRI, r["escalation_policy"], r["policy"])
    check = escalation_sla(warehouse=r["warehouse"], policy=r["policy"], escalation_policy=r["escalation_policy"],
                           paths=r["paths"])
    assert (status["escalation_queue"]["over_sla"], status["escalation_queue"]["oldest_waiting"], check.passed) == (
        0, None, True), "`sdr status` and the service-level check send a rep after a contact who asked us to stop"
    assert (status["escalation_queue"]["to_close"], check.metadata["to_close"].value) == (1, 1), (
        "her conversation is not lost: it is counted apart, to close")
