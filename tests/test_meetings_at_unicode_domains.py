"""A meeting with a contact at a Unicode domain: a booking imports as hers, and every figure counts it."""

from datetime import UTC, datetime
from pathlib import Path

import duckdb
import pytest

from resources.config import WarehouseFile
from sdr_assets.crm import import_meetings
from sdr_assets.inbox import ensure_tables
from sdr_assets.performance import _per_send, funnel, performance
from sdr_assets.sends import LEDGER_DDL
from sdr_assets.status import _meetings

SENT = datetime(2026, 11, 18, 9, tzinfo=UTC)
# Enrichment stores an address lower-cased as written: a Unicode domain stays Unicode.
JOSE = "josé.núñez@bücher.example"
# The same mailbox as a booking tool or an older row may spell it: the domain in its ASCII form.
JOSE_ASCII = "José.Núñez@xn--bcher-kva.example"


def _ledger(path: Path, *contacts: str) -> WarehouseFile:
    con = duckdb.connect(str(path))
    con.execute(LEDGER_DDL)
    for n, address in enumerate(contacts):
        con.execute("insert into send_ledger (send_key, play, play_version, contact_email, mailbox, step, variant, "
                    "signal_type, status, sent_at, company_domain) values (?, 'p', 'v1', ?, 'sam@outreach.example', "
                    "1, 'a', 'hiring', 'sent', ?, ?)", [f"k{n}", address, SENT, address.split("@")[1]])
    con.execute("create table play_versions as select 'p' as play")
    con.close()
    return WarehouseFile(path=str(path))


@pytest.mark.parametrize("invitee", [JOSE, JOSE_ASCII], ids=["as-mailed", "ascii-domain"])
def test_a_booking_by_a_contact_at_a_unicode_domain_is_her_meeting(tmp_path, invitee):
    warehouse = _ledger(tmp_path / "warehouse.duckdb", JOSE)
    bookings = tmp_path / "bookings.csv"
    bookings.write_text(f"invitee email,start time,event id\n{invitee},2026-11-25T15:00:00Z,ev1\n", encoding="utf-8")
    result = import_meetings(warehouse, bookings, "Dana", datetime(2026, 11, 24, tzinfo=UTC))
    assert result["rejected"] == []
    assert [(m["email"], m["play"]) for m in result["added"]] == [(JOSE, "p")]  # as we wrote to her


def test_a_meeting_at_a_unicode_domain_counts_in_status_and_analytics_alike(tmp_path):
    warehouse = _ledger(tmp_path / "warehouse.duckdb", JOSE, "ann@acme.example")
    with warehouse.connect() as con:
        ensure_tables(con)
        # As the inbox's meeting action records it: the escalation's contact, the ledger's spelling.
        con.execute("insert into meetings (meeting_id, contact_email, play, booked_at, source, recorded_by) "
                    "values ('m1', ?, 'p', ?, 'escalation', 'Dana')", [JOSE, SENT])
        status = _meetings(con)["by_play"]["p"]
        per_send = _per_send(con)
        perf = int(performance(per_send)["meetings"].sum())
        met = int(funnel(con, per_send)["meetings"].sum())
    assert status == 1
    assert (perf, met) == (status, status)


def test_two_spellings_of_one_contact_are_one_meeting_in_status_and_analytics(tmp_path):
    warehouse = _ledger(tmp_path / "warehouse.duckdb", JOSE)
    with warehouse.connect() as con:
        ensure_tables(con)
        for meeting_id, address in (("m1", JOSE), ("m2", JOSE_ASCII)):
            con.execute("insert into meetings (meeting_id, contact_email, play, booked_at, source, recorded_by) "
                        "values (?, ?, 'p', ?, 'escalation', 'Dana')", [meeting_id, address, SENT])
        status = _meetings(con)["by_play"]["p"]
        perf = int(performance(_per_send(con))["meetings"].sum())
    assert (status, perf) == (1, 1)
