"""An auto-reply that may ask us to stop, stored by the release before with a person's reason
(``MAY_ASK_TO_STOP``), takes the auto-reply's reason on the first run under the new rules: read again once,
with the other stored replies, it counts in no reply rate, and it stays with a person, her mail held."""

from __future__ import annotations

from datetime import timedelta

import pytest

from sdr_assets import replies
from sdr_assets.ledger_counts import ledger_counts
from sdr_assets.triage import classify
from sdr_assets.triage.result import AUTO_MAY_ASK_TO_STOP, MAY_ASK_TO_STOP
from tests.send_world import _headers, first_emails_sent

AWAY = ("Thank you for your email. I am out of the office until December 14 with no access to email. "
        "If you no longer wish to hear from our sales team, reply with opt out in the subject line.")


def _auto_reply(sent, at) -> bytes:
    return (_headers(sent.address, "Automatic reply: hello", sent.message_id, at)
            + "Auto-Submitted: auto-replied\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"
            + AWAY + "\r\n").encode("utf-8")


def _stored(world) -> tuple:
    with world.warehouse.connect() as con:
        reason = con.execute("select reason from reply_classifications").fetchone()[0]
        return reason, sum(c["human_replies"] for c in ledger_counts(con).values())


def test_an_auto_reply_stored_with_a_persons_reason_counts_as_no_reply_after_the_upgrade(tmp_path):
    world = first_emails_sent(tmp_path)
    sent = next(s for s in world.outbox())
    world.deliver(_auto_reply(sent, world.now + timedelta(minutes=5)))
    with pytest.MonkeyPatch.context() as patch:  # the release before: a person's reason, under its digest
        patch.setattr(classify, "AUTO_MAY_ASK_TO_STOP", MAY_ASK_TO_STOP)
        patch.setattr(replies, "triage_digest", lambda: "older-rules")
        world.process()
    assert _stored(world) == (MAY_ASK_TO_STOP, 1)

    metadata = world.process()
    assert _stored(world) == (AUTO_MAY_ASK_TO_STOP, 0)
    assert metadata["read_again_under_new_rules"] == 1
    assert sent.mailbox in world.stopped(), "her mail stays held for a person"
