"""A reply triaged while the send step lets the warehouse go, between its plan and its batch, stops that
contact's mail: an opt-out by reply whose suppression is not recorded yet, a reply the parser gave up on,
and a question each hold the follow-up the plan counted on.

The send step reads its plan on one connection and sends on another; a replies run waiting for the
warehouse takes it in between (``resources.attachments`` lets a held file go to a waiting process). Its
triage step commits the classifications and the quarantine; its suppression step then waits for the
warehouse the batch now holds. Ann and Jane got the first email (``tests/send_world.py``); two days later
their follow-ups are due, and Ann's reply is triaged in that gap.
"""

from __future__ import annotations

import pytest

from sdr_assets import sends
from sdr_assets.incremental import LayerConfig
from sdr_assets.replies import reply_classifications
from tests.poison_replies import poison
from tests.send_world import World, _body, human_reply

ANN, JANE = "ann.lee@acme.example", "jane@acme.example"

pytestmark = pytest.mark.usefixtures("shallow_recursion")


@pytest.fixture(scope="module")
def first_emails_sent(tmp_path_factory) -> World:
    """Ann and Jane got the first email half an hour ago: built once for this module, never written to."""
    world = World(tmp_path_factory.mktemp("first_emails_sent"), [ANN, JANE])
    world.decide("approve")
    assert world.send() == "sent"
    world.advance(30)
    return world


@pytest.fixture
def world(first_emails_sent: World, tmp_path) -> World:
    return first_emails_sent.copied_to(tmp_path)


def _triaged_in_the_gap(world: World, monkeypatch) -> None:
    """The replies run's fetch and triage commit right after the send step's plan, before its batch."""
    planned = sends.plan_sends

    def plan_then_triage(*args, **kwargs):
        plan = planned(*args, **kwargs)
        r = world.resources
        world.fetch()
        _body(reply_classifications)(warehouse=world.warehouse, model=r["model"], paths=r["paths"],
                                     policy=r["policy"], config=LayerConfig())
        return plan

    monkeypatch.setattr(sends, "plan_sends", plan_then_triage)


def _follow_ups(world: World) -> set[str]:
    counts: dict[str, int] = {}
    for sent in world.outbox():
        counts[sent.mailbox] = counts.get(sent.mailbox, 0) + 1
    return {mailbox for mailbox, n in counts.items() if n > 1}


@pytest.mark.parametrize("reply", ["opt-out", "untriaged", "question"])
def test_a_reply_triaged_between_the_plan_and_the_batch_holds_her_follow_up(world, monkeypatch, reply):
    to_ann = next(s.message_id for s in world.outbox() if s.mailbox == ANN)
    world.deliver({
        "opt-out": lambda: human_reply(ANN, "Please remove me from your mailing list.", to_ann, world.now),
        "untriaged": lambda: poison(ANN, to_ann),
        "question": lambda: human_reply(ANN, "Interesting. How does the pricing work for 40 seats?", to_ann,
                                        world.now),
    }[reply]())
    world.advance(2 * 24 * 60)
    _triaged_in_the_gap(world, monkeypatch)

    assert world.send() == "sent"

    assert _follow_ups(world) == {JANE}, "Ann's reply came before her follow-up went; Jane's goes"
