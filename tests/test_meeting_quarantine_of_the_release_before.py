"""A cancellation the release before quarantined (its row names no booking: it had no column for one)
still cancels the booking a later import records, and leaves the quarantine; read from the row's
own text, as the import that quarantined it read it."""

from datetime import UTC, datetime

from sdr_assets.crm import import_meetings, meeting_contacts
from sdr_assets.domain.meetings import parse_bookings
from tests.test_meetings_at_unicode_domains import _ledger

NOW = datetime(2026, 11, 24, tzinfo=UTC)
HEADER = "invitee email,start time,event id,canceled\n"
CANCELED = HEADER + "bob@acme.example,2026-11-26T15:00:00Z,ev2,true\n"


def _quarantined_by_the_release_before(warehouse) -> None:
    (cancellation,) = parse_bookings(CANCELED, "canceled.csv").cancellations
    with warehouse.connect() as con:
        con.execute("create table quarantined_meeting_rows (source varchar not null, line integer not null, "
                    "reason varchar not null, raw varchar, quarantined_at timestamptz not null, "
                    "recorded_by varchar not null)")
        con.execute("insert into quarantined_meeting_rows values ('import:canceled.csv', ?, "
                    "'canceled booking, no meeting recorded under its id', ?, ?, 'Dana')",
                    [cancellation.line, cancellation.raw, NOW])


def test_a_cancellation_quarantined_before_the_upgrade_cancels_its_booking(tmp_path):
    warehouse = _ledger(tmp_path / "warehouse.duckdb", "bob@acme.example")
    _quarantined_by_the_release_before(warehouse)
    path = tmp_path / "created.csv"
    path.write_text(HEADER + "bob@acme.example,2026-11-26T15:00:00Z,ev2,false\n", encoding="utf-8")
    booked = import_meetings(warehouse, path, "Dana", NOW)
    assert booked["canceled"] == 1
    with warehouse.connect() as con:
        assert meeting_contacts(con).height == 0, "the booking the tool called off counts as no meeting"
        assert con.execute("select count(*) from quarantined_meeting_rows").fetchone()[0] == 0
