"""Whose opt-out a reply is, through the replies' steps: a colleague who asks for someone else is not
suppressed for it, and an opt-out that asks something besides is still recorded at once."""

import json

import pytest

from sdr_assets.domain.addresses import canonical_address
from tests.send_world import CONTACTS, Spelling, World, human_reply

JOSE, JANE, ANN, OYVIND = ("@".join(c) for c in CONTACTS)


@pytest.fixture
def world(tmp_path):
    world = World(tmp_path, [Spelling().write(*c) for c in CONTACTS])
    world.decide("approve")
    assert world.send() == "sent"
    return world


def _to(world: World, address: str):
    return next(s for s in world.outbox() if s.address == canonical_address(address))


def _mailed(world: World) -> list[str]:
    return [s.address for s in world.outbox()]


def test_a_colleague_asking_for_someone_else_is_not_suppressed_and_both_sequences_wait(world):
    """Jane, herself a contact, answers Ann's mail: "my colleague asked to be removed". Neither is
    suppressed on Jane's word; both sequences stop until a person decides."""
    ann = _to(world, ANN)
    world.deliver(human_reply(f"Jane <{JANE}>", "Hi, my colleague asked to be removed from your list, please don't "
                                                "contact her again.\nJane", ann.message_id, world.now))
    world.process()

    assert world.suppressed(JANE) is None, "she asked nothing for herself"
    assert world.suppressed(ANN) is None, "a person decides on a colleague's word"
    assert {canonical_address(ANN), canonical_address(JANE).replace("+news", "")} <= world.stopped()
    with world.warehouse.connect() as con:
        needs_review, reason = con.execute("select needs_review, reason from reply_classifications").fetchone()
    assert needs_review and "someone else" in reason
    world.advance(60 * 24 * 3)
    assert world.send() == "sent"
    mailed = _mailed(world)
    assert mailed.count(canonical_address(ANN)) == 1 and mailed.count(canonical_address(JANE)) == 1
    assert mailed.count(canonical_address(JOSE)) == 2, "the others' sequences went on"


def test_a_colleague_asking_for_herself_too_is_suppressed_at_once(world):
    ann = _to(world, ANN)
    world.deliver(human_reply(f"Jane <{JANE}>", "Ann asked to be removed from your list. Please remove me too.", ann.message_id, world.now))
    world.process()
    assert world.suppressed(JANE) == "unsubscribe_reply"
    assert world.suppressed(ANN) is None and canonical_address(ANN) in world.stopped()


def test_an_opt_out_that_names_a_new_address_is_recorded_at_once_and_the_address_kept(world):
    ann = _to(world, ANN)
    world.deliver(human_reply(f"Ann Lee <{ANN}>", "Please remove me from your list. I have moved to Newco - write to "
                                                  "me at ann@newco.example, we need exactly this.", ann.message_id,
                              world.now))
    world.process()
    assert world.suppressed(ANN) == "unsubscribe_reply", "never delayed by what else it asks"
    with world.warehouse.connect() as con:
        needs_review, referrals = con.execute("select needs_review, referrals from reply_classifications").fetchone()
    assert needs_review and json.loads(referrals) == ["ann@newco.example"]
