"""A request to stop mail to Jane that waits for a person (a colleague writes "please take Jane off
your list" in answer to the email at one address of hers) holds her mail at every address her name
at the account joins (``People.opt_outs``), as her confirmed opt-out would stop it; two current
addresses of her name are kept apart as threads only, so her other address kept getting her follow-up
until a person read the request. Once a person handles it without recording an opt-out, the other
address's sequence goes on."""

from __future__ import annotations

from pathlib import Path

import duckdb

from sdr_assets.contact_holds import MAY_HAVE_OPTED_OUT_ELSEWHERE, current_holds
from sdr_assets.domain.escalations import MAY_ASK_TO_STOP
from sdr_assets.domain.holds import HOLD_INPUTS
from sdr_assets.escalations import escalations
from sdr_assets.inbox import load_queue, record_action
from sdr_assets.incremental import LayerConfig
from tests.send_world import START, World, _body, human_reply
from tests.test_optout_reaches_both_current_addresses import NEW, OLD, _world

COLLEAGUE = "bob.smith@acme.example"


def _asked_for_by_a_colleague(tmp_path: Path) -> World:
    """Jane's colleague answers her first email at ``NEW``, asking us to take her off our list."""
    world = _world(tmp_path)
    [first] = [s for s in world.outbox() if s.address == NEW]
    world.deliver(human_reply(COLLEAGUE, "Hi, please take Jane off your mailing list. Thanks, Bob",
                              first.message_id, world.now))
    world.process()
    with world.warehouse.connect() as con:
        held = con.execute("select reason from sequence_holds where email = ?", [NEW]).fetchone()
    assert held == ("replied: unsubscribe, awaiting review",), held
    assert world.suppressed(NEW) is None, "a colleague's request suppressed her before a person read it"
    return world


def _follow_ups(world: World) -> list[str]:
    with world.warehouse.connect() as con:
        return [a for (a,) in con.execute("select contact_email from send_ledger where step = 2 and status = 'sent'")
                .fetchall()]


def test_a_request_awaiting_review_holds_her_other_address(tmp_path):
    world = _asked_for_by_a_colleague(tmp_path)
    world.advance(2 * 24 * 60 + 10)
    assert world.send() == "sent"
    assert _follow_ups(world) == [], f"her follow-up went to {_follow_ups(world)} while the request to stop waits"


def test_her_other_address_goes_on_once_a_person_handles_it(tmp_path):
    world = _asked_for_by_a_colleague(tmp_path)
    r = world.resources
    _body(escalations)(config=LayerConfig(), warehouse=r["warehouse"], model=r["model"], paths=r["paths"],
                       policy=r["policy"], escalation_policy=r["escalation_policy"])
    with world.warehouse.connect() as con:
        [row] = [q for q in load_queue(con, world.now, r["escalation_policy"]) if q["contact_email"] == NEW]
    record_action(world.warehouse, row["escalation_id"], "handle", "Dana Whitfield", world.now, outcome="other",
                  note="Bob meant another Jane")
    world.advance(2 * 24 * 60 + 10)
    assert world.send() == "sent"
    assert _follow_ups(world) == [OLD], "a request a person read and did not record as an opt-out still held her"


def test_a_reply_that_may_ask_to_stop_holds_her_other_address(tmp_path):
    """Her own reply that may ask us to stop, which triage leaves to a person, holds her other address too."""
    con = duckdb.connect(str(tmp_path / "w.duckdb"))
    con.execute(f"create table reply_classifications ({', '.join(f'{c} varchar' for c in HOLD_INPUTS)})")
    con.execute("alter table reply_classifications alter received_at type timestamptz")
    con.execute("alter table reply_classifications alter return_date type date")
    con.execute("alter table reply_classifications alter hard type boolean")
    con.execute("insert into reply_classifications (contact_email, from_addr, kind, label, message_id, reason, "
                "received_at) values (?, ?, 'human', 'objection', '<m1@x>', ?, ?)", [NEW, NEW, MAY_ASK_TO_STOP, START])
    holds = current_holds(con, START, {OLD: OLD, NEW: OLD})
    assert holds[OLD].reason == MAY_HAVE_OPTED_OUT_ELSEWHERE.format(address=NEW), holds
    assert OLD not in current_holds(con, START), "no linkage given, yet her other address was held"
