"""An address a named person suppressed by hand (`sdr suppress add`: she asked by phone, the CRM marks
her opted out) is the person's: her other address that one LinkedIn profile joins is refused as an
unsubscribe there is (a hard bounce stays the address's: ``test_one_profile_one_optout``)."""

from pathlib import Path

from tests.send_world import World

COM, IO = "jane@acme.example", "jane@acme-io.example"
PROFILE = "https://www.linkedin.com/in/jane-doe/"


def _world(tmp_path: Path) -> World:
    """Jane at two addresses, one profile; each got the first email."""
    world = World(tmp_path, [COM, IO])
    world.decide("approve")
    assert world.send() == "sent"
    with world.warehouse.connect() as con:  # research finds her profile under both domains
        con.execute("update message_drafts set linkedin_url = ?, contact_name = 'Jane Doe'", [PROFILE])
    world.advance(2 * 24 * 60 + 10)
    return world


def _second_emails(world: World) -> dict[str, tuple[str, str | None]]:
    with world.warehouse.connect() as con:
        rows = con.execute("select contact_email, status, reason from send_ledger where step = 2").fetchall()
    return {address: (status, reason) for address, status, reason in rows}


def test_her_address_suppressed_by_hand_stops_her_other_address(tmp_path):
    world = _world(tmp_path)
    world.suppress(COM)
    assert world.send() == "sent"
    assert [s.address for s in world.outbox()][2:] == [], "suppressed by hand, and mailed at her other address"
    assert _second_emails(world).get(IO, ("suppressed",))[0] == "suppressed"

