"""One thread per account: while the account has a meeting booked in the play (a hand-off with the
outcome 'meeting'), the play's cold first email to another contact there waits, held with the reason
and counted by `sdr status`, until a while after the meeting (``MEETING_HOLDS``) so nothing waits for
ever; a canceled meeting holds nothing."""

from __future__ import annotations

import pytest

from resources.defaults import build_resources
from sdr_assets.domain.account_threads import MEETING_HOLDS, threads_under_way
from sdr_assets.inbox import load_queue, meeting_id_for, record_action
from tests.follow_up_world import PLAY, rows, steps
from tests.test_account_waits_while_a_reply_is_in_hand import INTERESTED, _replied
from tests.test_one_thread_per_account import DAY, START, _day, _earlier_contact, _successor, _waiting


def _meeting(resources, earlier: str) -> str:
    with resources["warehouse"].connect() as con:
        (row,) = [q for q in load_queue(con, START + DAY) if q["contact_email"] == earlier]
    record_action(resources["warehouse"], row["escalation_id"], "handle", "Dana Whitfield", START + DAY,
                  outcome="meeting")
    return row["escalation_id"]


@pytest.mark.opening("series_b_sent")
def test_a_new_contact_waits_while_the_account_has_a_meeting_booked(environ, instance, data_dir):
    earlier, _ = _earlier_contact(build_resources(environ()))
    new = _successor(data_dir, earlier)
    _meeting(_replied(environ, instance, earlier, INTERESTED), earlier)

    during = _day(environ, instance, START + 2 * DAY)
    assert steps(during, [earlier, new]) == [(earlier, 1, "sent"), (new, 1, "held")], \
        "a meeting with the account is booked: its new contact's cold first email waits"
    (reason,) = rows(during, "select reason from send_ledger where play = ? and contact_email = ?", [PLAY, new])[0]
    assert earlier in reason and "meeting" in reason, reason
    assert _waiting(during, START + 2 * DAY)["other_contact"] == 1


def test_the_meeting_holds_its_account_for_a_while_not_for_ever():
    """Pure: the account is busy until ``MEETING_HOLDS`` after the meeting's time, then free."""
    sent_at = START
    ledger = [{"play": PLAY, "contact_email": "ann@acme.example", "company_domain": "acme.example", "step": 1,
               "status": "sent", "sent_at": sent_at}]
    meeting = START + 3 * DAY

    def busy(now):
        return threads_under_way([], ledger, PLAY, now, str.lower, lambda person: True,
                                 booked={"ann@acme.example": meeting})

    assert "meeting booked" in busy(meeting + MEETING_HOLDS - DAY)["acme.example"]["ann@acme.example"]
    assert busy(meeting + MEETING_HOLDS) == {}


@pytest.mark.opening("series_b_sent")
def test_a_canceled_meeting_holds_nothing(environ, instance, data_dir):
    earlier, _ = _earlier_contact(build_resources(environ()))
    new = _successor(data_dir, earlier)
    resources = _replied(environ, instance, earlier, INTERESTED)
    escalation_id = _meeting(resources, earlier)
    with resources["warehouse"].connect() as con:
        con.execute("insert into meeting_cancellations values (?, ?, 'test', 'Dana Whitfield')",
                    [meeting_id_for("escalation", escalation_id), START + DAY])
    after = _day(environ, instance, START + 2 * DAY)
    assert steps(after, [earlier, new]) == [(earlier, 1, "sent"), (new, 1, "sent")]
