"""One person is one CRM record, however her conversations spell her address: ``Ann+News@`` and
``ann@`` are handed over as one contact (one lead), under the address she was first escalated at,
so every import updates the record the first one made. Before, the ``+tag`` made her two records."""

import csv
from datetime import UTC, datetime

import pytest

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
