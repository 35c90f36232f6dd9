"""A cancellation the release before quarantined (its booking not recorded yet) cancels the meeting a
booking imported after the upgrade records, and leaves the quarantine: that release stored no booking
id beside the row, only the row as read, which names it."""

from datetime import UTC, datetime

from sdr_assets.crm import import_meetings, meeting_contacts
from tests.test_meetings_at_unicode_domains import _ledger

NOW = datetime(2026, 11, 24, tzinfo=UTC)


def _import(tmp_path, name: str, text: str, warehouse) -> dict:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return import_meetings(warehouse, path, "Dana", NOW)


def _as_the_release_before(warehouse) -> None:
    """The quarantine as the release before kept it: no column naming a booking."""
    with warehouse.connect() as con:
        for column in ("booking_id", "cancels_booking_id"):
            con.execute(f"alter table quarantined_meeting_rows drop column {column}")


def test_a_cancellation_quarantined_before_the_upgrade_cancels_the_booking_imported_after(tmp_path):
    warehouse = _ledger(tmp_path / "warehouse.duckdb", "bob@acme.example", "ann@acme.example")
    _import(tmp_path, "canceled.csv", "Invitee Email,Start Date & Time,Canceled\n"
                                      "bob@acme.example,2026-11-26 15:00,true\n", warehouse)
    _import(tmp_path, "canceled.jsonl", '{"event": "invitee.canceled", "payload": {"email": "ann@acme.example", '
                                        '"uri": "https://api.calendly.example/invitees/ev7"}}\n', warehouse)
    _as_the_release_before(warehouse)

    booked = _import(tmp_path, "created.csv", "Invitee Email,Start Date & Time,uri,Canceled\n"
                                              "bob@acme.example,2026-11-26 15:00,,false\n"
                                              "ann@acme.example,2026-11-27 15:00,https://api.calendly.example/"
                                              "invitees/ev7,false\n", warehouse)
    assert booked["canceled"] == 2, f"the bookings the tool called off are canceled as recorded: {booked}"
    with warehouse.connect() as con:
        assert meeting_contacts(con).height == 0, "a booking the tool called off counts as no meeting"
        left = con.execute("select raw from quarantined_meeting_rows").fetchall()
    assert left == [], f"the cancellations applied leave the quarantine: {left}"
