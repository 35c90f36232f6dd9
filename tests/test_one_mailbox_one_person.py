"""One Gmail mailbox spelled with and without dots, or at googlemail.com, is one person for the send
plan, the reply matching and the hold, as it is for suppressions (``person_key``); one sending mailbox
spelled with a ``+tag`` or Gmail's dots warms up and is capped once, as its provider watches it. The
send step and reply intake are the real ones (``tests/send_world.py``)."""

from datetime import UTC, datetime, timedelta

import duckdb
import pytest

from sdr_assets.contact_holds import current_holds
from sdr_assets.domain.addresses import person_key
from sdr_assets.domain.sequencing import Limits, plan_sends
from tests.send_world import World, human_reply

NOW = datetime(2026, 11, 20, 15, tzinfo=UTC)
LIMITS = Limits(mailbox_daily_cap=50, warmup_start=20, warmup_increment=5, play_daily_cap=100, max_idle_days=30)
SAM = "sam@outreach.example"


def _draft(i: int, address: str, play: str = "p") -> dict:
    return {"draft_id": f"{play}{i}", "play": play, "contact_email": address, "step": 1, "channel": "email",
            "delay_days": 0, "fit": 0.5, "company_domain": f"account{i}.example", "variant": "a",
            "signal_type": "hiring", "subject": "s", "body": "b", "contact_name": "Ann"}


def _sent(i: int, address: str, mailbox: str, play: str = "p") -> dict:
    return {"send_key": f"k{i}", "play": play, "contact_email": address, "step": 1, "status": "sent",
            "sent_at": datetime(2026, 11, 20, 9, tzinfo=UTC), "mailbox": mailbox, "message_id": f"<m{i}>"}


def test_every_gmail_spelling_of_one_mailbox_is_one_person():
    assert {person_key(a) for a in ("ann.lee@gmail.com", "AnnLee@gmail.com", "Ann.Lee+work@googlemail.com",
                                    " a.n.n.l.e.e@GMAIL.com")} == {"annlee@gmail.com"}
    assert person_key("ann.lee@acme.example") != person_key("annlee@acme.example")  # dots count elsewhere


@pytest.mark.parametrize("one, other", [
    ("ann.lee@gmail.com", "annlee@gmail.com"),
    ("ann.lee@gmail.com", "Ann.Lee@googlemail.com"),
])
def test_one_gmail_mailbox_under_two_accounts_gets_one_message_a_step(one, other):
    plan = plan_sends([_draft(0, one), _draft(1, other)], [], set(), {}, LIMITS, NOW, "p", SAM, sending={})
    assert len(plan.send) == 1 and len(plan.duplicates) == 1, [d["contact_email"] for d in plan.send]


def test_a_step_that_went_to_one_gmail_spelling_is_not_sent_to_the_other():
    plan = plan_sends([_draft(1, "annlee@gmail.com")], [_sent(0, "ann.lee@gmail.com", SAM)], set(), {}, LIMITS,
                      NOW, "p", SAM, sending={})
    assert plan.send == [] and plan.duplicates[0]["kept"] == "k0"


@pytest.mark.parametrize("stored", [
    ["ann.lee@gmail.com", "annlee@gmail.com"],
    ["ann.lee@gmail.com", "Ann.Lee@googlemail.com"],
])
def test_the_send_step_mails_one_gmail_mailbox_once(tmp_path, stored):
    world = World(tmp_path, stored)
    world.decide("approve")
    assert world.send() == "sent"
    assert len(world.outbox()) == 1, [s.address for s in world.outbox()]


@pytest.mark.parametrize("mailed", ["annlee@gmail.com", "ann.lee@googlemail.com"])
def test_her_new_message_from_her_other_gmail_spelling_stops_the_follow_up(tmp_path, mailed):
    world = World(tmp_path, [mailed])
    world.decide("approve")
    assert world.send() == "sent"
    world.deliver(human_reply("Ann Lee <ann.lee@gmail.com>", "Thanks, let me think about it and get back to you.",
                              None, world.now + timedelta(minutes=5)))
    world.advance(10)
    world.process()
    world.advance(3 * 24 * 60)
    world.send()
    assert len(world.outbox()) == 1, f"the follow-up went to {mailed} after she wrote from ann.lee@gmail.com"


@pytest.mark.parametrize("first, second", [
    ("sam@outreach.example", "sam+funding@outreach.example"),
    ("sam.carter@gmail.com", "SamCarter@googlemail.com"),
])
def test_a_sending_mailbox_warms_up_once_whatever_its_spelling(first, second):
    # A first play sent the new mailbox's whole first day (20) this morning.
    ledger = [_sent(i, f"c{i}@one.example", first, play="one") for i in range(20)]
    plan = plan_sends([_draft(i, f"c{i}@two.example", play="two") for i in range(30)], ledger, set(), {}, LIMITS,
                      NOW, "two", second, sending={})
    assert plan.send == [] and plan.deferred == {"daily cap reached": 30}


def _stored_holds(*rows: str) -> dict:
    with duckdb.connect() as con:
        con.execute("create table sequence_holds (email varchar, hold varchar, until date, reason varchar, "
                    "source_message_id varchar)")
        for row in rows:
            con.execute(f"insert into sequence_holds values ({row})")
        return current_holds(con, NOW)


def test_a_hold_stored_under_one_gmail_spelling_holds_her_other_spellings():
    holds = _stored_holds("'ann.lee@gmail.com', 'stop', null, 'replied: interested', '<r>'")
    for spelling in ("annlee@gmail.com", "Ann.Lee+work@googlemail.com"):
        assert holds[person_key(spelling)].ends, spelling


def test_a_stop_stored_under_one_spelling_stands_over_a_pause_stored_under_another():
    holds = _stored_holds("'ann.lee@gmail.com', 'stop', null, 'replied: not interested', '<r1>'",
                          "'annlee@gmail.com', 'pause', '2026-11-25', 'out of office', '<r2>'")
    assert holds["annlee@gmail.com"].ends
