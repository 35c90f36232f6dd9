"""One person in two plays is one conversation whatever each play's research spelled her address:
``ann.lee@acme.example`` in one play and ``Ann.Lee+Promo@ACME.EXAMPLE`` in another get one first email,
the other's waiting, held with why (``play_overlap``)."""

import pytest

from sdr_assets.domain.play_overlap import OTHER_PLAY
from tests.send_world import CONTACTS, PLAY, SENDER, Spelling, World
from tests.test_cross_play_sequences import OTHER, _add_second_play, _rows, _send_other

ANN = Spelling().write(*CONTACTS[2])


@pytest.mark.parametrize("spelled", [Spelling(case="upper", tag="add"), Spelling(punycode=True, case="title")])
def test_a_person_spelled_two_ways_by_two_plays_gets_one_first_email(tmp_path, spelled):
    world = World(tmp_path, [ANN])
    world.decide("approve")
    _add_second_play(world, SENDER)
    with world.warehouse.connect() as con:
        con.execute("update message_drafts set contact_email = ? where play = ?", [spelled.write(*CONTACTS[2]), OTHER])
    assert world.send() == "sent"
    world.advance(60)
    _send_other(world)
    (held,) = [r for r in _rows(world) if r[0] == OTHER]
    assert held[2] == "held" and held[3].startswith(OTHER_PLAY) and f"'{PLAY}' mailed" in held[3], held
    assert len(world.outbox()) == 1
