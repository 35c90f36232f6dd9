"""A reschedule whose cancellation an earlier import quarantined is her meeting: the booking tool's
dumps imported cancellations first ("canceled.csv" before "created.csv"), so the first booking is
recorded and canceled before the booking that replaced it is matched, which then counts as the
conversation's meeting, as when both come in one file."""

from datetime import UTC, datetime

from sdr_assets.crm import import_meetings, meeting_contacts
from tests.test_meetings_at_unicode_domains import _ledger

NOW = datetime(2026, 11, 24, tzinfo=UTC)
HEADER = "invitee email,start time,event id,canceled\n"
CANCELED = "bob@acme.example,2026-11-26T15:00:00Z,ev1,true\n"
CREATED = "bob@acme.example,2026-11-26T15:00:00Z,ev1,false\nbob@acme.example,2026-11-27T10:00:00Z,ev2,false\n"


def _import(tmp_path, name: str, rows: str, warehouse) -> dict:
    path = tmp_path / name
    path.write_text(HEADER + rows, encoding="utf-8")
    return import_meetings(warehouse, path, "Dana", NOW)


def _meetings(warehouse) -> int:
    with warehouse.connect() as con:
        return meeting_contacts(con).height


def test_a_reschedule_in_one_file_is_her_meeting(tmp_path):
    warehouse = _ledger(tmp_path / "warehouse.duckdb", "bob@acme.example")
    _import(tmp_path, "all.csv", CANCELED + CREATED, warehouse)
    assert _meetings(warehouse) == 1


def test_a_reschedule_whose_cancellation_came_first_is_her_meeting(tmp_path):
    warehouse = _ledger(tmp_path / "warehouse.duckdb", "bob@acme.example")
    _import(tmp_path, "canceled.csv", CANCELED, warehouse)
    booked = _import(tmp_path, "created.csv", CREATED, warehouse)
    assert _meetings(warehouse) == 1, "the booking that replaced the canceled one is her meeting"
    assert [m["booked_at"].isoformat() for m in booked["added"]] == ["2026-11-27T10:00:00+00:00"]
    with warehouse.connect() as con:
        assert con.execute("select count(*) from quarantined_meeting_rows").fetchone()[0] == 0
