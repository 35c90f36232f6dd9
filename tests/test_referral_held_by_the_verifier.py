"""An accepted referral whose first email the verifier held (neither the model's draft nor the template
rests on the research) is a state a person sees: `sdr referrals list` and `sdr inbox` name it with the
verifier's reasons and the command that takes the acceptance back, `sdr referrals withdraw`. Withdrawn,
the play no longer writes to her and a second referral at her account may be accepted; the acceptance is
kept with who withdrew it. One whose first email has gone is not withdrawn: her sequence is under way."""

from __future__ import annotations

import json

import polars as pl
import pytest

from resources.tables import replace_rows
from sdr_assets.drafts import DRAFT_SCHEMA
from sdr_assets.escalations import ESCALATION_SCHEMA
from sdr_assets.referrals import ReferralError, accept, accepted_contacts, withdraw
from tests.send_world import PLAY, START, World
from tests.test_quarantine_holds import _sdr

BOB, JANE, OMAR = "bob@acme.example", "jane.roe@acme.example", "omar.haddad@acme.example"
WHY = "missing fact: her team's size"


def _referred(tmp_path) -> World:
    """Bob got the first email and answered that Jane or Omar is the one to write to; a person accepted Jane
    and the verifier held her first email."""
    world = World(tmp_path, [BOB])
    world.decide("approve")
    assert world.send() == "sent"
    row = {c: None for c in ESCALATION_SCHEMA} | {
        "escalation_id": "ref001", "thread_key": "t1", "play": PLAY, "contact_email": BOB, "from_addr": BOB,
        "contact_name": "Bob", "label": "referral", "priority": 4, "message_id": "<r1@acme.example>",
        "reply_count": 1, "thread": "[]", "proposed_contacts": f"{JANE}, {OMAR}", "routed_to": "Dana Whitfield",
        "received_at": START, "escalated_at": START, "updated_at": START, "company_domain": "acme.example"}
    with world.warehouse.connect() as con:
        replace_rows(con, "escalations", pl.DataFrame([row], schema=ESCALATION_SCHEMA))
    accept(world.warehouse, JANE, "Dana Whitfield", START)
    draft = {c: None for c in DRAFT_SCHEMA} | {
        "draft_id": "jane-1", "play": PLAY, "company_domain": "acme.example", "contact_email": JANE, "step": 1,
        "channel": "email", "subject": "s", "body": "b", "grounded": False, "verdict": "held",
        "verifier_reasons": json.dumps([WHY])}
    with world.warehouse.connect() as con:
        con.register("held_draft", pl.DataFrame([draft], schema=DRAFT_SCHEMA))
        con.execute("insert into message_drafts by name select * from held_draft")
    return world


def test_the_held_referral_is_shown_with_the_command_that_takes_it_back(tmp_path):
    world = _referred(tmp_path)
    listed = _sdr(world, "referrals", "list")
    assert listed.exit_code == 0, listed.output
    shown = " ".join(listed.output.split())
    assert "held by the verifier" in shown and "referrals withdraw EMAIL --by NAME" in shown, shown
    inbox = _sdr(world, "inbox")
    assert inbox.exit_code == 0, inbox.output
    said = " ".join(inbox.output.split())
    assert JANE in said and WHY in said and "sdr referrals withdraw EMAIL --by NAME" in said, said
    as_json = json.loads(_sdr(world, "inbox", "--json").output)
    assert as_json["referrals_held"] == [{"play": PLAY, "email": JANE, "reasons": WHY}]


def test_a_second_referral_is_refused_naming_the_held_draft_and_the_way_out(tmp_path):
    world = _referred(tmp_path)
    with pytest.raises(ReferralError) as refused:
        accept(world.warehouse, OMAR, "Dana Whitfield", START)
    assert "verifier held her first email" in str(refused.value) and f"referrals withdraw {JANE}" in str(refused.value)


def test_withdrawn_she_is_no_contact_and_the_second_is_accepted(tmp_path):
    world = _referred(tmp_path)
    done = _sdr(world, "referrals", "withdraw", JANE, "--by", "Dana Whitfield", "--note", "no facts for her")
    assert done.exit_code == 0, done.output
    with world.warehouse.connect() as con:
        assert accepted_contacts(con) == {}, "the play still writes to a referral taken back"
        kept = con.execute("select email, accepted_by, withdrawn_by, note from withdrawn_referrals").fetchall()
    assert kept == [(JANE, "Dana Whitfield", "Dana Whitfield", "no facts for her")]
    assert accept(world.warehouse, OMAR, "Dana Whitfield", START)["email"] == OMAR
    assert "held by the verifier" not in " ".join(_sdr(world, "referrals", "list").output.split())


def test_one_already_mailed_is_not_withdrawn(tmp_path):
    world = _referred(tmp_path)
    with world.warehouse.connect() as con:
        con.execute("insert into send_ledger select * replace ('k-jane' as send_key, ? as contact_email) "
                    "from send_ledger where contact_email = ? and step = 1", [JANE, BOB])
    with pytest.raises(ReferralError, match="sequence is under way"):
        withdraw(world.warehouse, JANE, "Dana Whitfield", START)
    with pytest.raises(ReferralError, match="names nobody|--by needs"):
        withdraw(world.warehouse, JANE, "NAME", START)
