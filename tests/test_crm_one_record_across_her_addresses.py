"""One person whose LinkedIn profile (or full name at the account) joins two addresses of hers, with a
conversation at each, is one CRM record: the address she was first escalated at, speaking for both
conversations, as the send plan waits on her as one person (``People.threads``). Her other address
goes in the file that updates existing records only, naming the record that is hers, so an earlier
export's record there says what hers does and none is made. Two namesakes that enrichment names at
the account at once stay two records."""

from __future__ import annotations

import csv
from datetime import timedelta

import pytest

from sdr_assets.crm import export_crm
from sdr_assets.escalations import escalations
from sdr_assets.incremental import LayerConfig
from tests.send_world import World, _body, human_reply
from tests.test_crm_opt_out_by_person import NEW, OLD, _interested

QUESTION = "Thanks. What does it cost for a team of ten?"


def _asked_at_new(world: World) -> World:
    """A day later she writes again, with a question, from her other address."""
    [new] = [s for s in world.outbox() if s.address == NEW]
    world.advance(24 * 60)
    world.deliver(human_reply(NEW, QUESTION, new.message_id, world.now))
    world.advance(10)
    world.process()
    r = world.resources
    _body(escalations)(config=LayerConfig(), warehouse=r["warehouse"], model=r["model"], paths=r["paths"],
                       policy=r["policy"], escalation_policy=r["escalation_policy"])
    return world


def _read(out, name) -> list[dict]:
    with (out / name).open(newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


@pytest.mark.parametrize("by_name", [False, True], ids=["profile", "name"])
@pytest.mark.parametrize(("fmt", "name", "others"), [
    ("salesforce", "salesforce_leads.csv", "salesforce_other_addresses.csv"),
    ("hubspot", "hubspot_contacts.csv", "hubspot_other_addresses.csv")])
def test_her_conversations_at_two_joined_addresses_are_one_record(tmp_path, by_name, fmt, name, others):
    world = _asked_at_new(_interested(tmp_path, by_name))
    out = tmp_path / "crm"
    export_crm(world.warehouse, world.now, fmt, out, None, world.root)
    records = _read(out, name)
    assert [r["Email"] for r in records] == [OLD], f"one person handed over as {len(records)} records: {records}"
    [other] = _read(out, others)
    assert other["Email"] == NEW, other
    if fmt == "salesforce":
        assert QUESTION in records[0]["Description"], records[0]["Description"]


def test_an_export_since_her_second_conversation_updates_her_one_record(tmp_path):
    world = _interested(tmp_path)
    export_crm(world.warehouse, world.now, "salesforce", tmp_path / "crm0", None, world.root)
    since = world.now + timedelta(minutes=1)
    _asked_at_new(world)
    out = tmp_path / "crm1"
    export_crm(world.warehouse, world.now, "salesforce", out, since, world.root)
    assert [r["Email"] for r in _read(out, "salesforce_leads.csv")] == [OLD], \
        "her question at her other address made her a second lead"


def test_two_current_namesakes_stay_two_records(tmp_path):
    world = _asked_at_new(_interested(tmp_path, by_name=True))
    with world.warehouse.connect() as con:
        con.execute("create table enriched_accounts (play varchar, company_domain varchar, status varchar, "
                    "email varchar, industry varchar)")
        con.execute("insert into enriched_accounts values ('prop-play', 'acme.example', 'ready', ?, null), "
                    "('other-play', 'acme.example', 'ready', ?, null)", [OLD, NEW])
    out = tmp_path / "crm"
    export_crm(world.warehouse, world.now, "salesforce", out, None, world.root)
    assert sorted(r["Email"] for r in _read(out, "salesforce_leads.csv")) == sorted([OLD, NEW])
