"""A follow-up of a conversation already begun goes on its day though its signal's row is gone.

A rebuild (``full_refresh``) screens the stored signals again and moves a row that repeats an
earlier row's event to the quarantine (``signal_rescreen``). The play's trigger window never holds
a follow-up back, yet the send step held every follow-up whose signal row was gone, waiting for
research that may never qualify the account again."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from resources.defaults import build_resources
from sdr_assets.assembly import build_definitions
from sdr_assets.play_graph import job_name
from sdr_assets.signal_rescreen import rescreen
from tests.conftest import RUN_NOW

PLAY = "series-b-funding"
FOLLOW_UP_DAY = datetime.fromisoformat(RUN_NOW) + timedelta(days=4)  # the play's step 2 delay


def _outreach(resources, instance) -> None:
    result = build_definitions(resources).resolve_job_def(job_name(PLAY)).execute_in_process(instance=instance)
    assert result.success


def _screen_out_the_signal_of_a_contact_emailed(resources) -> tuple[str, str]:
    """(contact, signal id): an earlier stored row repeating the event of the contact's signal, and
    the rebuild's screening that moves the contact's row to the quarantine."""
    with resources["warehouse"].connect() as con:
        contact, signal_id = con.execute(
            "select l.contact_email, d.signal_id from send_ledger l join message_drafts d using (draft_id) "
            "where l.play = ? and l.status = 'sent' and l.step = 1 order by 1 limit 1", [PLAY]).fetchone()
        con.execute("insert into raw_signals by name select * replace (signal_id || '-first' as signal_id, "
                    "ingested_at - interval 1 hour as ingested_at) from raw_signals where signal_id = ?",
                    [signal_id])
        moved = rescreen(con, FOLLOW_UP_DAY)
        assert [m.reason for m in moved] == ["repeats the id or the event of an earlier stored row"]
        assert not con.execute("select count(*) from raw_signals where signal_id = ?", [signal_id]).fetchone()[0]
    return contact, signal_id


@pytest.mark.opening("series_b_sent")  # the signals job, the play approved, its first emails sent
def test_a_follow_up_goes_on_its_day_when_its_signal_row_is_gone(environ, instance):
    first = build_resources(environ())
    contact, signal_id = _screen_out_the_signal_of_a_contact_emailed(first)

    later = build_resources(environ(SDR_NOW=FOLLOW_UP_DAY.isoformat()))
    _outreach(later, instance)
    with later["warehouse"].connect() as con:
        rows = con.execute("select l.step, l.status, l.reason, d.signal_id from send_ledger l "
                           "join message_drafts d using (draft_id) where l.play = ? and l.contact_email = ? "
                           "order by l.step", [PLAY, contact]).fetchall()
    assert [(step, status) for step, status, _, _ in rows] == [(1, "sent"), (2, "sent")], rows
    assert rows[1][3] == signal_id, "the follow-up was written from the signal screened out"
