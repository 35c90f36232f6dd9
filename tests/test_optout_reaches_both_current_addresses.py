"""One person whose full name at an account two current addresses carry (one play's enrichment names
her old address, another play's her new one, neither with a LinkedIn profile) is stopped at both by
her unsubscribe at one: an opt-out is the person's wherever her name joins her, though the send plan
keeps the two threads apart as it would two namesakes (``test_current_namesakes_are_two_people``).
Stopping a namesake too is the safe error; mailing one who opted out is not."""

from __future__ import annotations

from pathlib import Path

from sdr_assets.domain.suppression import Suppressions
from sdr_assets.inbox import marked_suppressed
from sdr_assets.shared_profiles import OPTED_OUT_ELSEWHERE, people, same_people
from tests.send_world import World

OLD, NEW = "jane@acme.example", "jane.doe@acme.example"


def _world(tmp_path: Path) -> World:
    """Jane got the first email at both addresses; both are her account's contact now, each in a play's enrichment."""
    world = World(tmp_path, [OLD, NEW])
    world.decide("approve")
    assert world.send() == "sent"
    with world.warehouse.connect() as con:
        con.execute("update message_drafts set contact_name = 'Jane Doe', company_domain = 'acme.example'")
        con.execute("create table enriched_accounts (play varchar, company_domain varchar, status varchar, "
                    "email varchar, industry varchar)")
        con.execute("insert into enriched_accounts values ('prop-play', 'acme.example', 'ready', ?, null), "
                    "('other-play', 'acme.example', 'ready', ?, null)", [OLD, NEW])
    return world


def test_her_unsubscribe_at_one_current_address_stops_the_other(tmp_path):
    world = _world(tmp_path)
    [first] = [s for s in world.outbox() if s.address == NEW]
    world.click(NEW, first.send_key)
    world.advance(2 * 24 * 60 + 10)
    assert world.send() == "sent"
    mailed = [s.address for s in world.outbox()][2:]
    assert mailed == [], f"she unsubscribed at {NEW} and was mailed at {mailed}"
    with world.warehouse.connect() as con:
        assert same_people(con) == {}, "two current addresses of one name were joined into one thread"
        linked = people(con).opt_outs
        status = con.execute("select status, reason from send_ledger where step = 2 and contact_email = ?",
                             [OLD]).fetchone()
    assert status == ("suppressed", OPTED_OUT_ELSEWHERE)
    suppressions = Suppressions()
    suppressions.add(NEW, "unsubscribe_link")
    [row] = marked_suppressed([{"contact_email": OLD, "status": "open", "suggested_response": "Hi"}],
                              suppressions, linked)
    assert row["suppressed"] == OPTED_OUT_ELSEWHERE, "the inbox offered a sales answer at her other address"
