"""What the hand-over and the service level say of a person, as her conversations change."""

import csv
from datetime import UTC, datetime

import pytest

from sdr_assets import optout_log
from sdr_assets.crm import export_crm
from sdr_assets.domain.suppression import ADD, Event
from sdr_assets.escalations import escalation_sla
from sdr_assets.status import collect_status
from sdr_assets.suppression import add_entry, ensure_schema, insert_events
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


WED = datetime(2026, 11, 25, 9, tzinfo=UTC)


def _exported(out, fmt: str) -> dict[str, list[dict]]:
    names = {"hubspot": ("hubspot_contacts.csv", "hubspot_notes.csv"), "salesforce": ("salesforce_leads.csv",),
             "csv": ("escalations_crm.csv",)}[fmt]
    found = {}
    for name in names:
        with (out / name).open(newline="", encoding="utf-8") as fh:
            found[name] = list(csv.DictReader(fh))
    return found


def _click(desk: Desk, at: datetime) -> None:
    optout_log.append(desk.root, "k" * 24, ANN, at)  # not ingested yet: the log alone holds it


def _entry(desk: Desk, at: datetime) -> None:
    with desk.resources(at)["warehouse"].connect() as con:  # `sdr suppress add @acme.example`
        add_entry(con, desk.root, "@acme.example", "Sam Lee", "asked by phone to stop", at)


@pytest.mark.parametrize("fmt", ["hubspot", "salesforce", "csv"])
@pytest.mark.parametrize(("stop", "how"), [
    (_click, "(unsubscribe link)"),
    (_entry, "(do-not-contact entry for all of @acme.example, recorded by Sam Lee: asked by phone to stop)"),
], ids=["click", "domain-entry"])
def test_an_export_since_a_date_hands_over_an_opt_out_recorded_since(tmp_path, fmt, stop, how):
    desk = Desk(tmp_path / "data")
    desk.replies([reply("<r1@acme.example>", "Yes, this is timely. Can we talk next week?", "interested", MON)])
    desk.run_escalations(MON.replace(hour=10))
    warehouse = desk.resources(TUE)["warehouse"]
    export_crm(warehouse, TUE, fmt, desk.root / "first", None, desk.root)  # last week's hand-over: an open lead
    stop(desk, WED)

    out = desk.root / "crm"
    result = export_crm(warehouse, FRI, fmt, out, TUE.replace(hour=12), desk.root)
    files = _exported(out, fmt)
    said = f"Opted out on 2026-11-25 09:00 UTC {how}."
    assert [len(rows) for rows in files.values()][0] == 1, (
        "she opted out after her last export: the CRM must learn it, or a rep calls her as an open lead")
    assert (result["rows"], result["suppressed_since"]) == (1, 1)
    if fmt == "hubspot":
        (contact,) = files["hubspot_contacts.csv"]
        assert (contact["Email"], contact["Lifecycle Stage"], contact["Lead Status"]) == (ANN, "other", "UNQUALIFIED")
        (note,) = files["hubspot_notes.csv"]
        assert (note["Note body"], note["Activity date"]) == (said, "2026-11-25T09:00:00Z"), (
            "each import adds its notes: her conversation was noted before, her opt-out is new")
    elif fmt == "salesforce":
        (lead,) = files["salesforce_leads.csv"]
        assert (lead["Email"], lead["Status"], lead["Rating"]) == (ANN, "Closed - Not Converted", "Cold")
        assert lead["HasOptedOutOfEmail"] == "true", "Salesforce's own email tools must leave her out too"
        assert lead["Description"].startswith(said + "\n\n") and "timely" in lead["Description"]
    else:
        (row,) = files["escalations_crm.csv"]
        assert (row["email"], row["outcome"], row["notes"]) == (ANN, "opted_out", said)


@pytest.mark.parametrize("fmt", ["hubspot", "salesforce", "csv"])
def test_an_export_since_a_date_leaves_out_one_who_opted_out_before_it_with_nothing_since(tmp_path, fmt):
    desk = Desk(tmp_path / "data")
    desk.replies([reply("<r1@acme.example>", "Yes, this is timely. Can we talk next week?", "interested", MON)])
    desk.run_escalations(MON.replace(hour=10))
    _click(desk, MON.replace(hour=11))
    out = desk.root / "crm"
    result = export_crm(desk.resources(FRI)["warehouse"], FRI, fmt, out, TUE, desk.root)
    assert all(rows == [] for rows in _exported(out, fmt).values()), (
        "the export before handed her over as opted out already: nothing of hers is new")
    assert (result["rows"], result["suppressed_since"]) == (0, 0)


def test_a_bounce_since_a_date_is_noted_and_leaves_the_lead_as_it_was(tmp_path):
    desk = Desk(tmp_path / "data")
    desk.replies([reply("<r1@acme.example>", "Yes, this is timely. Can we talk next week?", "interested", MON)])
    desk.run_escalations(MON.replace(hour=10))
    with desk.resources(WED)["warehouse"].connect() as con:
        ensure_schema(con)
        insert_events(con, [Event("hard_bounce:<b1@mx.example>:" + ANN, ANN, ADD, "hard_bounce", "<b1@mx.example>",
                                  "system", "", WED)])
    out = desk.root / "crm"
    export_crm(desk.resources(FRI)["warehouse"], FRI, "hubspot", out, TUE, desk.root)
    files = _exported(out, "hubspot")
    (contact,) = files["hubspot_contacts.csv"]
    assert contact["Lead Status"] == "NEW", "an address that bounced is no opt-out: she may still be called"
    assert [n["Note body"] for n in files["hubspot_notes.csv"]] == [
        "Not to be mailed since 2026-11-25 09:00 UTC (hard bounce)."]
    export_crm(desk.resources(FRI)["warehouse"], FRI, "salesforce", out, TUE, desk.root)
    (lead,) = _exported(out, "salesforce")["salesforce_leads.csv"]
    assert (lead["Status"], lead["HasOptedOutOfEmail"]) == ("Open - Not Contacted", "false"), (
        "a bounce is no opt-out: the box stays clear")


def test_an_export_reads_the_suppressions_once_and_keeps_the_list_of_a_warehouse_before_the_event_log(
        tmp_path, monkeypatch):
    from sdr_assets import suppression

    desk = Desk(tmp_path / "data")
    desk.replies([reply("<r1@acme.example>", "Yes, this is timely. Can we talk next week?", "interested", MON)])
    desk.run_escalations(MON.replace(hour=10))
    warehouse = desk.resources(FRI)["warehouse"]
    with warehouse.connect() as con:
        con.execute("drop table if exists suppression_events")
        con.execute(f"create or replace table suppression_list as select '{ANN}' as email, 'unsubscribe' as reason")
    reads = []
    read_events = suppression.read_events
    monkeypatch.setattr(suppression, "read_events", lambda *a, **k: reads.append(a) or read_events(*a, **k))
    out = desk.root / "crm"
    export_crm(warehouse, FRI, "csv", out, None, desk.root)
    (row,) = _exported(out, "csv")["escalations_crm.csv"]
    assert row["outcome"] == "opted_out", "the list of a warehouse from before the event log still counts"
    assert len(reads) == 1, "one export reads the suppression events once"
