"""The CRM hand-off stops a person wherever her LinkedIn profile, or her full name at the account, joins
her addresses: a lead who replied with interest at one address and then unsubscribed, or was suppressed
by hand, at another address of hers is handed over opted out (Salesforce's Email Opt Out ticked, closed,
a note saying when and at which address), in a full export and in an incremental one (``--since``) after
her opt-out alone, as the send step and the inbox already stop her at both. A bounce at the other
address is that address's: her lead stays as it was."""

from __future__ import annotations

import csv
from datetime import timedelta

import pytest

from sdr_assets.crm import export_crm
from sdr_assets.escalations import escalations
from sdr_assets.inbox import load_queue, with_suppressions
from sdr_assets.incremental import LayerConfig
from tests.send_world import World, _body, bounce, human_reply

OLD, NEW = "jane@acme.example", "jane.doe@acme-io.example"
PROFILE = "https://www.linkedin.com/in/jane-doe/"
INTEREST = "Yes, this is timely. Can we talk next week?"


def _interested(tmp_path, by_name: bool = False) -> World:
    """Jane got the first email at both addresses (enrichment tied them to her profile since, or
    ``by_name``: to her full name at the account) and replied with interest from the first."""
    world = World(tmp_path, [OLD, NEW])
    world.decide("approve")
    assert world.send() == "sent" and len(world.outbox()) == 2
    with world.warehouse.connect() as con:
        con.execute("update message_drafts set contact_name = 'Jane Doe', linkedin_url = ?, company_domain = ?",
                    [None, "acme.example"] if by_name else [PROFILE, "acme.example"])
    [old] = [s for s in world.outbox() if s.address == OLD]
    world.deliver(human_reply(OLD, INTEREST, old.message_id, world.now + timedelta(minutes=5)))
    world.advance(10)
    world.process()
    r = world.resources
    _body(escalations)(config=LayerConfig(), warehouse=r["warehouse"], model=r["model"], paths=r["paths"],
                       policy=r["policy"], escalation_policy=r["escalation_policy"])
    with world.warehouse.connect() as con:
        [row] = load_queue(con, world.now, r["escalation_policy"])
    assert (row["contact_email"], row["label"]) == (OLD, "interested"), "precondition: her interest escalated"
    return world


def _leads(world: World, out, since=None) -> list[dict]:
    export_crm(world.warehouse, world.now, "salesforce", out, since, world.root)
    with (out / "salesforce_leads.csv").open(newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def _unsubscribe_at_new(world: World) -> None:
    [new] = [s for s in world.outbox() if s.address == NEW]
    world.advance(60)
    world.click(NEW, new.send_key)


@pytest.mark.parametrize("by_name", [False, True], ids=["profile", "name"])
def test_her_unsubscribe_at_her_other_address_hands_her_lead_over_opted_out(tmp_path, by_name):
    world = _interested(tmp_path, by_name)
    [before] = _leads(world, tmp_path / "crm0")
    assert (before["Email"], before["HasOptedOutOfEmail"]) == (OLD, "false"), "precondition: a live lead"
    _unsubscribe_at_new(world)
    with world.warehouse.connect() as con:
        [row] = with_suppressions(load_queue(con, world.now), con, world.root)
    assert row["opted_out"], "precondition: the inbox marks her opted out at her other address"
    [lead] = _leads(world, tmp_path / "crm1")
    assert (lead["Email"], lead["HasOptedOutOfEmail"], lead["Status"]) == (OLD, "true", "Closed - Not Converted"), (
        f"she unsubscribed at {NEW} and the CRM gets her lead at {OLD} as live: {lead['Status']}, "
        f"opted out {lead['HasOptedOutOfEmail']}")
    assert "Opted out on" in lead["Description"] and NEW in lead["Description"], lead["Description"][:300]


@pytest.mark.parametrize("fmt", ["salesforce", "hubspot", "csv"])
def test_an_incremental_export_after_her_opt_out_at_her_other_address_holds_her(tmp_path, fmt):
    world = _interested(tmp_path)
    _leads(world, tmp_path / "crm0")
    world.advance(24 * 60)
    since = world.now  # the day after her last export: nothing else of hers happened since
    assert _leads(world, tmp_path / "crm1", since=since) == [], "precondition: nothing new of hers"
    _unsubscribe_at_new(world)
    out = tmp_path / "crm2"
    export_crm(world.warehouse, world.now, fmt, out, since, world.root)
    name, opted_out = {"salesforce": ("salesforce_leads.csv", ("HasOptedOutOfEmail", "true")),
                       "hubspot": ("hubspot_contacts.csv", ("Lead Status", "UNQUALIFIED")),
                       "csv": ("escalations_crm.csv", ("outcome", "opted_out"))}[fmt]
    with (out / name).open(newline="", encoding="utf-8") as fh:
        rows = [(r.get("Email") or r["email"], r[opted_out[0]]) for r in csv.DictReader(fh)]
    assert rows == [(OLD, opted_out[1])], f"an export since her last one leaves out her opt-out at {NEW}: {rows}"
    if fmt == "hubspot":
        notes = (out / "hubspot_notes.csv").read_text(encoding="utf-8")
        assert "Opted out on" in notes and NEW in notes, notes


def test_a_person_entry_at_her_other_address_hands_her_lead_over_opted_out(tmp_path):
    world = _interested(tmp_path)
    world.advance(60)
    world.suppress(NEW)
    [lead] = _leads(world, tmp_path / "crm")
    assert (lead["Email"], lead["HasOptedOutOfEmail"]) == (OLD, "true"), lead["Status"]


def test_a_bounce_at_her_other_address_leaves_her_lead_as_it_was(tmp_path):
    world = _interested(tmp_path)
    [new] = [s for s in world.outbox() if s.address == NEW]
    world.deliver(bounce(NEW, new.message_id, world.now + timedelta(minutes=5), hard=True))
    world.advance(10)
    world.process()
    assert world.suppressed(NEW) == "hard_bounce", "precondition: her other address bounced"
    [lead] = _leads(world, tmp_path / "crm")
    assert (lead["Email"], lead["HasOptedOutOfEmail"], lead["Status"]) == (OLD, "false", "Open - Not Contacted")
    assert NEW not in lead["Description"] and "Not to be mailed" not in lead["Description"]
