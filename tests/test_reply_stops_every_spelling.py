"""A reply stops the mail to her mailbox however a draft spells it: one person listed under two
accounts, as " Ann.Lee@acme.example" and "ann.lee@acme.example", gets no follow-up after she
answered. The real send step and reply intake against a DuckDB file and maildir (``tests/send_world.py``)."""

import polars as pl
import pytest

from resources.warehouse import read_table, replace_rows
from sdr_assets.domain.addresses import person_key
from sdr_assets.drafts import DRAFT_SCHEMA
from tests.send_world import CONTACTS, PLAY, World, human_reply, version_contents

ANN = "ann.lee@acme.example"


def _drafts_for(version: str, address: str) -> list[dict]:
    """The same person under a second account, spelled another way, with a lower fit."""
    return [{
        "draft_id": f"{version}-other-{step}", "play": PLAY, "play_version": version,
        "play_content": version_contents()[version], "company_domain": "other-account.example",
        "contact_email": address, "contact_name": "Ann Lee", "linkedin_url": None, "signal_type": "hiring",
        "step": step, "channel": "email", "delay_days": 0 if step == 1 else 2, "variant": "a",
        "subject": "Hello 2" if step == 1 else "Re: hello", "body": f"Hi Ann, version {version}.",
        "grounded": True, "verdict": "grounded", "fact_ids": "", "verifier_reasons": "", "missing_facts": "",
        "generated_by": "test", "fit": 0.1, "is_review_sample": False,
    } for step in (1, 2)]


@pytest.mark.parametrize("spelling", [" Ann.Lee@acme.example", "ANN.LEE@ACME.EXAMPLE"])
def test_her_reply_stops_the_follow_up_drafted_under_another_spelling(tmp_path, spelling):
    world = World(tmp_path / "world", ["@".join(c) for c in CONTACTS])
    with world.warehouse.connect() as con:
        drafts = read_table(con, "message_drafts").select(list(DRAFT_SCHEMA))
        extra = pl.DataFrame(_drafts_for(world.version, spelling), schema=DRAFT_SCHEMA)
        replace_rows(con, "message_drafts", pl.concat([drafts, extra]))
    world.decide("approve")
    assert world.send() == "sent"
    [first] = [s for s in world.outbox() if s.mailbox == ANN]
    world.advance(60)
    world.deliver(human_reply("Ann Lee <ann.lee@acme.example>", "Sounds interesting, can we talk next week?",
                              first.message_id, world.now))
    world.process()
    world.advance(60 * 24 * 3)  # the follow-ups fall due
    assert world.send() == "sent"
    assert [s.send_key for s in world.outbox() if s.mailbox == ANN] == [first.send_key]
    assert len(world.outbox()) == 2 * (len(CONTACTS) - 1) + 1, "the others' follow-ups went"


def test_a_hold_is_on_the_mailbox_not_its_spelling():
    assert {person_key(a) for a in (" Ann.Lee@Acme.example", "ann.lee+sales@acme.example", "ANN.LEE@ACME.EXAMPLE")} \
        == {ANN}
    assert person_key("ann@bücher.example") == person_key("Ann@xn--bcher-kva.example")
    assert person_key("not an address") == "not an address"
