"""A meeting row quarantined by one import leaves the quarantine once a later import records it: a
booking by someone we had not written to yet is listed until an import finds her a contact and
records her meeting, and a cancellation of a booking never recorded until an import cancels that
booking's meeting, which a booking imported after its cancellation is from the start. What no
import resolved stays listed with its reason."""

from datetime import UTC, datetime

from sdr_assets.crm import import_meetings, meeting_contacts
from tests.test_meetings_at_unicode_domains import _ledger

NOW = datetime(2026, 11, 24, tzinfo=UTC)
HEADER = "invitee email,start time,event id,canceled\n"


def _import(tmp_path, name: str, rows: str, warehouse) -> dict:
    path = tmp_path / name
    path.write_text(HEADER + rows, encoding="utf-8")
    return import_meetings(warehouse, path, "Dana", NOW)


def _quarantined(warehouse) -> list[tuple[str, str]]:
    with warehouse.connect() as con:
        return sorted(con.execute("select raw, reason from quarantined_meeting_rows").fetchall())


def _send_to(warehouse, address: str) -> None:
    with warehouse.connect() as con:
        con.execute("insert into send_ledger (send_key, play, play_version, contact_email, mailbox, step, variant, "
                    "signal_type, status, sent_at, company_domain) values ('k-bob', 'p', 'v1', ?, "
                    "'sam@outreach.example', 1, 'a', 'hiring', 'sent', ?, 'acme.example')", [address, NOW])


def test_a_booking_recorded_later_leaves_the_quarantine(tmp_path):
    warehouse = _ledger(tmp_path / "warehouse.duckdb", "ann@acme.example")
    first = _import(tmp_path, "week1.csv", "ann@acme.example,2026-11-25T15:00:00Z,ev1,false\n"
                                           "bob@acme.example,2026-11-26T15:00:00Z,ev2,false\n"
                                           "carl@acme.example,2026-11-27T15:00:00Z,ev9,false\n", warehouse)
    assert [r.reason for r in first["rejected"]] == ["attendee is not a contact we wrote to"] * 2
    _send_to(warehouse, "bob@acme.example")  # Bob was mailed: his booking is his meeting now

    later = _import(tmp_path, "week2.csv", "bob@acme.example,2026-11-26T15:00:00Z,ev2,false\n", warehouse)
    assert [m["email"] for m in later["added"]] == ["bob@acme.example"]
    assert _quarantined(warehouse) == [("carl@acme.example", "attendee is not a contact we wrote to")]


def test_a_cancellation_applied_later_leaves_the_quarantine(tmp_path):
    warehouse = _ledger(tmp_path / "warehouse.duckdb", "ann@acme.example", "bob@acme.example")
    _import(tmp_path, "cancels.csv", "bob@acme.example,2026-11-26T15:00:00Z,ev2,true\n"
                                     "ann@acme.example,2026-11-25T15:00:00Z,ev7,true\n", warehouse)
    assert [reason for _, reason in _quarantined(warehouse)] == [
        "canceled booking, no meeting recorded under its id"] * 2
    _import(tmp_path, "bookings.csv", "bob@acme.example,2026-11-26T15:00:00Z,ev2,false\n", warehouse)
    assert len(_quarantined(warehouse)) == 1, "Ann's cancellation names no meeting still"

    again = _import(tmp_path, "cancels-again.csv", "bob@acme.example,2026-11-26T15:00:00Z,ev2,true\n", warehouse)
    assert (again["canceled"], again["duplicates"]) == (0, 1), "Bob's meeting was canceled when it was recorded"
    assert len(_quarantined(warehouse)) == 1


def test_a_cancellation_imported_before_its_booking_cancels_the_meeting_the_booking_records(tmp_path):
    """Webhook dumps imported cancellations first ("canceled.jsonl" before "created.jsonl"): the booking
    recorded later is a canceled meeting, counted nowhere, not a meeting the tool says is off."""
    warehouse = _ledger(tmp_path / "warehouse.duckdb", "bob@acme.example")
    _import(tmp_path, "canceled.csv", "bob@acme.example,2026-11-26T15:00:00Z,ev2,true\n", warehouse)
    booked = _import(tmp_path, "created.csv", "bob@acme.example,2026-11-26T15:00:00Z,ev2,false\n", warehouse)
    assert booked["canceled"] == 1
    with warehouse.connect() as con:
        assert meeting_contacts(con).height == 0, "the canceled booking counts as no meeting"
    assert _quarantined(warehouse) == []
