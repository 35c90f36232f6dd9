"""Her unsubscribe at one address ends her sequence at every address her name at the account joins
(``People.opt_outs``), as the send step stops them: the other address's follow-ups are refused as
``suppressed`` (a refusal retried, never settled), so judged by that address's own entries her
sequence there stayed under way for good, its research kept and its follow-ups drafted for a person
who opted out. A person's entry at her other address only holds it, as it holds her own."""

from __future__ import annotations

from pathlib import Path

from sdr_assets.begun_sequences import under_way
from sdr_assets.domain.addresses import mailbox_key
from sdr_assets.playbook import load_plays
from tests.send_world import PLAY, World
from tests.test_optout_reaches_both_current_addresses import NEW, OLD, _world


def _under_way(world: World) -> set[tuple[str, str]]:
    with world.warehouse.connect() as con:
        return under_way(con, load_plays(world.root / "plays"), world.root, world.now)


def test_her_unsubscribe_ends_the_sequence_at_her_other_address(tmp_path: Path):
    world = _world(tmp_path)
    assert _under_way(world) == {(PLAY, mailbox_key(OLD)), (PLAY, mailbox_key(NEW))}
    [first] = [s for s in world.outbox() if s.address == NEW]
    world.click(NEW, first.send_key)
    world.advance(2 * 24 * 60 + 10)
    assert world.send() == "sent"
    assert world.statuses()[OLD] == "suppressed", "the send step mailed her other address"
    assert _under_way(world) == set(), "her sequence at her other address is kept going after she unsubscribed"


def test_a_persons_entry_at_her_other_address_only_holds_it(tmp_path: Path):
    world = _world(tmp_path)
    world.suppress(NEW)
    assert _under_way(world) == {(PLAY, mailbox_key(OLD)), (PLAY, mailbox_key(NEW))}
    world.advance(31 * 24 * 60)
    assert _under_way(world) == set(), "a held sequence's research is kept past HELD_RESEARCH_DAYS"
