"""A suppression lifted by a person (an entry made by mistake) lets the contact's message go, once."""

from resources.warehouse import one
from sdr_assets.suppression import lift_entry
from tests.send_world import World

ANN, BEN = "ann.lee@acme.example", "ben.ray@acme.example"


def _statuses(world: World) -> dict[str, str]:
    with world.warehouse.connect() as con:
        return dict(con.execute("select lower(contact_email), status from send_ledger where step = 1").fetchall())


def test_a_lifted_suppression_lets_the_first_message_go_once(tmp_path):
    world = World(tmp_path, [ANN, BEN])
    world.suppress(ANN)
    world.decide("approve")
    assert world.send() == "sent"
    assert _statuses(world) == {ANN: "suppressed", BEN: "sent"}
    assert world.send() == "sent" and _statuses(world)[ANN] == "suppressed", "still suppressed: nothing changes"

    with world.warehouse.connect() as con:
        assert lift_entry(con, world.root, ANN, "Dana Whitfield", "entered by mistake", world.now)
    world.advance(60 * 24)
    assert world.send() == "sent"
    world.advance(60 * 24)
    assert world.send() == "sent"
    assert _statuses(world) == {ANN: "sent", BEN: "sent"}
    assert sorted(s.address for s in world.outbox() if s.address == ANN) == [ANN], "mailed once, after the lift"
    with world.warehouse.connect() as con:
        (rows,) = one(con, "select count(*) from send_ledger where lower(contact_email) = ? and step = 1", [ANN])
    assert rows == 1, "the refusal was taken over, not duplicated"
