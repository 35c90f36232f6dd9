"""One thread per account: while a person is still to answer the earlier contact's escalated reply
(interest, a question, an objection, a referral not yet accepted), the play's first email to another
contact at her account waits, held with the reason and counted by `sdr status`; once the reply is
handled it goes. A reply that ends the conversation (a decline) ends the wait as before."""

from __future__ import annotations

import mailbox

import pytest

from resources.defaults import build_resources
from sdr_assets.inbox import load_queue, record_action
from sdr_assets.suppression import add_entry
from tests.follow_up_world import PLAY, rows, run, sent, steps
from tests.replies import reply_to
from tests.test_one_thread_per_account import DAY, START, _day, _earlier_contact, _successor, _waiting

INTERESTED = "This is timely, we are looking at exactly this. Could we set up a call next week to talk pricing?"


def _replied(environ, instance, earlier: str, body: str):
    at = START + DAY
    resources = build_resources(environ(SDR_NOW=at.isoformat()))
    mailbox.Maildir(resources["mailbox"].path, create=True).add(reply_to(sent(resources, earlier), body, at))
    run(resources, instance, "replies_job")
    return resources


@pytest.mark.opening("series_b_sent")
def test_a_new_contact_waits_while_her_interested_reply_is_in_hand(environ, instance, data_dir):
    earlier, _ = _earlier_contact(build_resources(environ()))
    new = _successor(data_dir, earlier)
    resources = _replied(environ, instance, earlier, INTERESTED)
    assert rows(resources, "select label from reply_classifications where contact_email = ?", [earlier]) == \
        [("interested",)]

    during = _day(environ, instance, START + 2 * DAY)
    assert steps(during, [earlier, new]) == [(earlier, 1, "sent"), (new, 1, "held")], \
        "a person is talking to the account: its new contact's cold first email waits"
    (reason,) = rows(during, "select reason from send_ledger where play = ? and contact_email = ?", [PLAY, new])[0]
    assert earlier in reason and "interested" in reason, reason
    assert _waiting(during, START + 2 * DAY)["other_contact"] == 1

    with during["warehouse"].connect() as con:
        (row,) = [q for q in load_queue(con, START + 2 * DAY) if q["contact_email"] == earlier]
    record_action(during["warehouse"], row["escalation_id"], "handle", "Dana Whitfield", START + 2 * DAY,
                  outcome="nurture")
    after = _day(environ, instance, START + 3 * DAY)
    assert steps(after, [earlier, new]) == [(earlier, 1, "sent"), (new, 1, "sent")], "handled: the wait ends"


@pytest.mark.opening("series_b_sent")
def test_a_decline_ends_the_wait_at_once(environ, instance, data_dir):
    earlier, _ = _earlier_contact(build_resources(environ()))
    new = _successor(data_dir, earlier)
    resources = _replied(environ, instance, earlier, "Thanks, but we are not interested.")
    assert rows(resources, "select label from reply_classifications where contact_email = ?", [earlier]) == \
        [("not_interested",)]
    after = _day(environ, instance, START + 2 * DAY)
    assert steps(after, [earlier, new]) == [(earlier, 1, "sent"), (new, 1, "sent")]


@pytest.mark.opening("series_b_sent")
def test_her_suppression_after_an_interested_reply_ends_the_wait(environ, instance, data_dir):
    """She answered with interest, then asked to be left alone (a person's suppression entry): nobody is
    talking to the account any more, so its new contact's first email goes."""
    earlier, _ = _earlier_contact(build_resources(environ()))
    new = _successor(data_dir, earlier)
    resources = _replied(environ, instance, earlier, INTERESTED)
    with resources["warehouse"].connect() as con:
        add_entry(con, resources["paths"].data_dir, earlier, "Dana Whitfield", "asked us to stop by phone",
                  START + DAY)
    after = _day(environ, instance, START + 2 * DAY)
    assert steps(after, [earlier, new]) == [(earlier, 1, "sent"), (new, 1, "sent")]
