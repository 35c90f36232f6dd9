"""A reply re-read under new triage rules as one that may ask us to stop, in a conversation a person has
claimed or snoozed, marks that conversation for her as on a first reading: the mark is shown, no sales
answer is suggested, and her claim (owner, snooze) stands."""

from __future__ import annotations

from datetime import timedelta

import pytest

from sdr_assets import replies
from sdr_assets.inbox import load_queue, record_action
from sdr_assets.triage import classify, quotes
from sdr_assets.triage.result import MAY_ASK_TO_STOP
from tests.test_optouts_read_again import _answering, _escalate, _sent, _stored_reading, world  # noqa: F401

OWNER = "Dana Whitfield"


def _queued(world) -> dict:
    _escalate(world)
    with world.warehouse.connect() as con:
        [row] = load_queue(con, world.now)
    return row


def _interested_under_older_rules(world):
    """Ann's "Thursday 2pm works for me" over "Remove me from your list." below her sign-off, read by older
    rules that read nothing below it: an interested reply, escalated with a sales answer."""
    ann = _sent(world, "ann")
    _answering(world, "own_words/interested_over_opt_out_line_below_signoff.eml", ann, 5)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(classify, "written_text", quotes.visible_text)
        patch.setattr(replies, "triage_digest", lambda: "older-rules")
        world.process()
    before = _queued(world)
    assert (before["label"], before["may_ask_to_stop"]) == ("interested", False)
    assert before["suggested_response"]
    return ann, before


@pytest.mark.parametrize("action", ["claim", "snooze"])
def test_a_claimed_or_snoozed_conversation_read_again_as_may_ask_to_stop_is_marked_for_its_owner(world, action):
    ann, before = _interested_under_older_rules(world)
    until = world.now + timedelta(days=3) if action == "snooze" else None
    record_action(world.warehouse, before["escalation_id"], action, OWNER, world.now, until=until)
    world.advance(60)  # the new rules ship an hour later

    world.process()
    assert _stored_reading(world, ann.address) == ("interested", True, MAY_ASK_TO_STOP)
    after = _queued(world)
    assert after["escalation_id"] == before["escalation_id"]
    assert (after["status"], after["owner"]) == (("claimed" if action == "claim" else "snoozed"), OWNER)
    assert after["may_ask_to_stop"], after
    assert after["suggested_response"] == "", after["suggested_response"]

