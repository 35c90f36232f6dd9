"""An unsubscribe is the person's: when one LinkedIn profile joins two addresses (the same contact
found under two company domains), her opt-out at one stops mail to the other, as her reply does. A
hard bounce stays the address's: her other address is still mailed."""

from sdr_assets import suppression
from sdr_assets.domain.suppression import ADD, Event
from tests.send_world import World

COM, IO = "jane@acme.example", "jane@acme-io.example"
PROFILE = "https://www.linkedin.com/in/jane-doe/"


def _world(tmp_path) -> World:
    world = World(tmp_path, [COM, IO])
    with world.warehouse.connect() as con:
        con.execute("update message_drafts set linkedin_url = ?, contact_name = ?", [PROFILE, "Jane Doe"])
    world.decide("approve")
    return world


def test_her_unsubscribe_at_one_address_stops_the_other(tmp_path):
    world = _world(tmp_path)
    world.click(COM, "another-play|jane@acme.example|1|0")
    assert world.suppressed(COM), "the click is her opt-out"

    assert world.send() == "sent"

    assert [s.address for s in world.outbox()] == [], "she unsubscribed, and was mailed at her other address"


def test_a_hard_bounce_at_one_address_leaves_the_other(tmp_path):
    world = _world(tmp_path)
    with world.warehouse.connect() as con:  # the address failed, she asked nothing
        suppression.ensure_schema(con)
        suppression.insert_events(con, [Event("hard_bounce:x", COM, ADD, "hard_bounce", None, "system",
                                              "550 5.1.1 user unknown", world.now)])

    assert world.send() == "sent"

    assert [s.address for s in world.outbox()] == [IO]
