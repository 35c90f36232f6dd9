"""One person is one CRM record, however her conversations spell her address: ``Ann+News@`` and
``ann@`` are handed over as one contact (one lead), under the address she was first escalated at,
so every import updates the record the first one made. Before, the ``+tag`` made her two records."""

import csv
from datetime import UTC, datetime

import pytest

from sdr_assets import optout_log
from sdr_assets.crm import export_crm, import_meetings
from tests.escalation_desk import Desk, reply
from tests.test_meetings_at_unicode_domains import _ledger

MON, FRI = datetime(2026, 11, 23, 9, tzinfo=UTC), datetime(2026, 11, 27, 16, tzinfo=UTC)
TAGGED = "Ann+News@acme.example"
QUESTION = reply("<r1@acme.example>", "Got your note. Any pricing?", "question", MON, play="series-b-funding",
                 contact=TAGGED, sender=TAGGED)


def _records(desk: Desk, now: datetime, fmt: str, name: str) -> list[dict]:
    out = desk.root / f"crm-{now:%a}"
    export_crm(desk.resources(now)["warehouse"], now, fmt, out, None, desk.root)
    with (out / name).open(newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


@pytest.mark.parametrize(("fmt", "name"), [("hubspot", "hubspot_contacts.csv"), ("salesforce", "salesforce_leads.csv")])
def test_two_spellings_of_one_address_are_one_crm_record(tmp_path, fmt, name):
    desk = Desk(tmp_path / "data")
    desk.replies([QUESTION])
    desk.run_escalations(MON.replace(hour=10))
    (monday,) = _records(desk, MON.replace(hour=11), fmt, name)
    assert monday["Email"] == "ann+news@acme.example"

    desk.replies([QUESTION, reply("<r2@acme.example>", "Yes, this is timely. Can we talk next week?", "interested",
                                  FRI)])
    desk.run_escalations(FRI)
    assert len(desk.queue(FRI)) == 2, "precondition: two conversations"
    (friday,) = _records(desk, FRI, fmt, name)
    assert friday["Email"] == monday["Email"], "Friday's import would make her a second record"
    if fmt == "hubspot":
        assert friday["Outbound Play"] == "revops-hiring, series-b-funding"
        with (desk.root / "crm-Fri" / "hubspot_notes.csv").open(newline="", encoding="utf-8") as fh:
            assert {n["Email"] for n in csv.DictReader(fh)} == {monday["Email"]}, "each note goes on her one record"


def test_a_booking_under_another_spelling_of_her_address_is_her_meeting(tmp_path):
    """Mailed as ``ann+news@``, she books as ``Ann@``: her meeting, not an unknown attendee."""
    warehouse = _ledger(tmp_path / "warehouse.duckdb", "ann+news@acme.example")
    bookings = tmp_path / "bookings.csv"
    bookings.write_text("invitee email,start time,event id\nAnn@acme.example,2026-11-25T15:00:00Z,ev1\n",
                        encoding="utf-8")
    result = import_meetings(warehouse, bookings, "Dana", datetime(2026, 11, 24, tzinfo=UTC))
    assert result["rejected"] == []
    assert [(m["email"], m["play"]) for m in result["added"]] == [("ann+news@acme.example", "p")]


@pytest.mark.parametrize(("fmt", "name", "others"), [
    ("hubspot", "hubspot_contacts.csv", "hubspot_other_addresses.csv"),
    ("salesforce", "salesforce_leads.csv", "salesforce_other_addresses.csv")])
def test_her_record_under_another_spelling_says_what_hers_does_and_names_hers(tmp_path, fmt, name, others):
    """An export made before one person was one record left her a second lead at ``ann@``: once she
    opts out, that record says so too (in a file that updates existing records only, so none is
    made), names the record that is hers, and a re-export writes the same files."""
    desk = Desk(tmp_path / "data")
    desk.replies([QUESTION])
    desk.run_escalations(MON.replace(hour=10))
    assert _records(desk, MON.replace(hour=11), fmt, others) == [], "one spelling: no other record"

    desk.replies([QUESTION, reply("<r2@acme.example>", "Yes, this is timely. Can we talk next week?", "interested",
                                  FRI)])
    desk.run_escalations(FRI)
    optout_log.append(desk.root, "k" * 24, "ann@acme.example", FRI.replace(hour=17))
    later = FRI.replace(hour=18)
    (hers,) = _records(desk, later, fmt, name)
    (other,) = _records(desk, later, fmt, others)
    assert other["Email"] == "ann@acme.example" and hers["Email"] == "ann+news@acme.example"
    if fmt == "hubspot":
        assert (hers["Lifecycle Stage"], hers["Lead Status"]) == ("other", "UNQUALIFIED"), "she opted out"
        assert {k: v for k, v in other.items() if k not in ("Email", "Same Person As")} == \
            {k: v for k, v in hers.items() if k != "Email"}
        assert other["Same Person As"].startswith("Same person as ann+news@acme.example,")
    else:
        assert hers["HasOptedOutOfEmail"] == other["HasOptedOutOfEmail"] == "true"
        assert (other["Status"], other["Rating"]) == (hers["Status"], hers["Rating"]) == ("Closed - Not Converted",
                                                                                         "Cold")
        assert other["Description"] == f"Same person as ann+news@acme.example, whose record this one repeats: " \
            f"merge it into that one (the CRM's merge keeps both records' notes).\n\n{hers['Description']}"
    out = desk.root / f"crm-{later:%a}"
    written = {p.name: p.read_bytes() for p in out.iterdir()}
    export_crm(desk.resources(later)["warehouse"], later, fmt, out, None, desk.root)
    assert {p.name: p.read_bytes() for p in out.iterdir()} == written, "a re-export writes the same files"


def test_a_meeting_recorded_under_another_spelling_of_her_address_sets_her_record(tmp_path):
    """A meeting kept under ``ann@`` (recorded before bookings resolved her spellings) is the meeting
    of her conversation at ``ann+news@`` in that play: her one record is not left a plain lead."""
    desk = Desk(tmp_path / "data")
    desk.replies([QUESTION])
    desk.run_escalations(MON.replace(hour=10))
    with desk.resources(MON)["warehouse"].connect() as con:
        con.execute("insert into meetings values ('m1', 'ann@acme.example', 'series-b-funding', ?, 'import:old.csv', "
                    "'Dana', null)", [FRI])
    (hers,) = _records(desk, MON.replace(hour=11), "hubspot", "hubspot_contacts.csv")
    assert (hers["Email"], hers["Lifecycle Stage"]) == ("ann+news@acme.example", "salesqualifiedlead")
