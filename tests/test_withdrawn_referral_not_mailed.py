"""A referral whose acceptance a person withdrew is not mailed by the play: her draft, written while she
was accepted, stays in message_drafts until the next signals run enriches her account again, and the
play's outreach runs in between do not send it (`sdr referrals withdraw`: the play no longer writes to
her). Accepted again, she is mailed."""

from __future__ import annotations

import polars as pl

from resources.tables import replace_rows
from sdr_assets.drafts import DRAFT_SCHEMA
from sdr_assets.escalations import ESCALATION_SCHEMA
from sdr_assets.inbox import ensure_tables
from sdr_assets.referrals import accept, withdraw
from tests.send_world import PLAY, START, World, human_reply, version_contents

BOB, JANE = "bob@acme.example", "jane.roe@acme.example"


def _jane_drafted(tmp_path) -> World:
    """Bob got the first email and answered that Jane is the one to write to; a person accepted her and
    her first email was drafted, due at the next outreach run."""
    world = World(tmp_path, [BOB])
    world.decide("approve")
    assert world.send() == "sent"
    [(bob_id,)] = [(m,) for _, status, m in world.ledger() if status == "sent"]
    world.advance(60)
    world.deliver(human_reply(BOB, f"I'm not the right person for this, please write to Jane Roe ({JANE}).",
                              bob_id, world.now))
    world.process()
    [(reply_id,)] = [(m,) for (m,) in _replies(world)]
    row = {c: None for c in ESCALATION_SCHEMA} | {
        "escalation_id": "ref001", "thread_key": "t1", "play": PLAY, "contact_email": BOB, "from_addr": BOB,
        "contact_name": "Bob", "label": "referral", "priority": 4, "message_id": reply_id,
        "reply_count": 1, "thread": "[]", "proposed_contacts": JANE, "routed_to": "Dana Whitfield",
        "received_at": START, "escalated_at": START, "updated_at": START, "company_domain": "acme.example"}
    with world.warehouse.connect() as con:
        replace_rows(con, "escalations", pl.DataFrame([row], schema=ESCALATION_SCHEMA))
        ensure_tables(con)  # a person handled Bob's reply: his sequence ended, he named whom to write to
        con.execute("insert into escalation_events (escalation_id, action, actor, acted_at, recorded_at, message_id) "
                    "values ('ref001', 'reply', 'sdr', ?, ?, ?), ('ref001', 'handle', 'Dana Whitfield', ?, ?, null)",
                    [world.now, world.now, reply_id, world.now, world.now])
    accept(world.warehouse, JANE, "Dana Whitfield", world.now)
    draft = {c: None for c in DRAFT_SCHEMA} | {
        "draft_id": "jane-1", "play": PLAY, "play_version": world.version, "play_content": version_contents()[world.version],
        "company_domain": "acme.example", "contact_email": JANE, "contact_name": "Jane Roe", "signal_type": "hiring",
        "step": 1, "channel": "email", "delay_days": 0, "variant": "a", "subject": "Hello Jane", "body": "Hi Jane.",
        "grounded": True, "verdict": "grounded", "fact_ids": "", "verifier_reasons": "", "missing_facts": "",
        "generated_by": "test", "fit": 0.5, "is_review_sample": False}
    with world.warehouse.connect() as con:
        con.register("jane_draft", pl.DataFrame([draft], schema=DRAFT_SCHEMA))
        con.execute("insert into message_drafts by name select * from jane_draft")
    world.advance(24 * 60)
    return world


def _replies(world: World) -> list[tuple]:
    with world.warehouse.connect() as con:
        return con.execute("select message_id from reply_classifications where kind = 'human'").fetchall()


def _mailed(world: World, address: str) -> int:
    return sum(s.address == address for s in world.outbox())


def test_accepted_she_is_mailed(tmp_path):
    world = _jane_drafted(tmp_path)
    assert world.send() == "sent"
    assert _mailed(world, JANE) == 1


def test_withdrawn_she_is_not_mailed_by_the_next_outreach_run(tmp_path):
    world = _jane_drafted(tmp_path)
    withdraw(world.warehouse, JANE, "Dana Whitfield", world.now)
    assert world.send() == "sent"
    assert _mailed(world, JANE) == 0, "a referral whose acceptance was withdrawn was mailed"
    accept(world.warehouse, JANE, "Dana Whitfield", world.now)
    assert world.send() == "sent"
    assert _mailed(world, JANE) == 1, "accepted again, she is mailed"
