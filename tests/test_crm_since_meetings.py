"""A weekly `sdr export crm --since` hands the CRM every person whose record changed since: a meeting
a booking tool's import recorded for her conversation since (or canceled since) changes her status
(`Lifecycle Stage` salesqualifiedlead, `Lead Status` CONNECTED), as a hand-off `meeting` since does."""

import csv
from datetime import timedelta

import pytest

from sdr_assets.crm import export_crm, import_meetings
from sdr_assets.domain.escalations import parse_when
from tests.test_crm_leaves_out_opt_out_only import _escalate
from tests.send_world import first_emails_sent, human_reply


def _contacts(path) -> dict[str, dict]:
    with path.open(newline="", encoding="utf-8") as fh:
        return {r["Email"]: r for r in csv.DictReader(fh)}


@pytest.mark.parametrize("fmt", ["hubspot", "salesforce"])
def test_a_meeting_imported_since_the_last_export_reaches_the_next_weekly_export(tmp_path, fmt):
    world = first_emails_sent(tmp_path / "w")
    ann = next(s for s in world.outbox() if s.address.startswith("ann"))
    world.deliver(human_reply(ann.address, "Interesting, can we talk next week?", ann.message_id,
                              world.now + timedelta(minutes=5)))
    world.advance(10)
    world.process()
    (row,) = [r for r in _escalate(world) if r["contact_email"] == ann.address]
    assert row["label"] == "interested", "precondition"

    # Monday's weekly export hands her over as an open lead.
    world.advance(3 * 24 * 60)
    first = export_crm(world.warehouse, world.now, fmt, tmp_path / "week1", None, world.root)
    assert first["rows"] == 1
    # Midweek she books through the scheduling link; the rep imports the tool's export.
    world.advance(2 * 24 * 60)
    bookings = tmp_path / "calendly.csv"
    bookings.write_text("Invitee Email,Start Date & Time,Canceled\n"
                        f"{ann.address},{(world.now + timedelta(days=2)).strftime('%Y-%m-%d %H:%M')},false\n",
                        encoding="utf-8")
    added = import_meetings(world.warehouse, bookings, "Sam Lee", world.now)
    assert len(added["added"]) == 1, "precondition: the booking is her meeting"

    # The next Monday's export, since the last one, must tell the CRM she has a meeting.
    world.advance(3 * 24 * 60)
    since = parse_when((world.now - timedelta(days=7)).strftime("%Y-%m-%d"))
    result = export_crm(world.warehouse, world.now, fmt, tmp_path / "week2", since, world.root)
    name = "hubspot_contacts.csv" if fmt == "hubspot" else "salesforce_leads.csv"
    exported = _contacts(tmp_path / "week2" / name)
    assert ann.address in exported, (
        f"a meeting imported since {since:%Y-%m-%d} is left out of the --since export "
        f"({result['rows']} rows): the CRM keeps her as an open lead")
    record = exported[ann.address]
    if fmt == "hubspot":
        assert (record["Lifecycle Stage"], record["Lead Status"]) == ("salesqualifiedlead", "CONNECTED")
    else:
        assert (record["Status"], record["Rating"]) == ("Working - Contacted", "Hot")
