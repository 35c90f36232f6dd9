"""A person whose one reply asks us to stop and to erase her data is no lead: the CRM gets no record of her.

A plain "Unsubscribe me." never escalates and is never exported: she was never pipeline. The same request
with "erase my personal data" goes to a person (a data request, answered within a month), and from then on
every `sdr export crm` writes a HubSpot contact / Salesforce lead for her — name, company, title, play,
signal — and a note holding the whole thread, her erasure request included: a record the CRM never had is
created from the data she asked us to erase, and a full export re-creates it after she was erased there.
Only her opt-out needs to reach the CRM, and only where she already is a lead (another conversation)."""

import csv
from datetime import timedelta

import pytest

from sdr_assets.crm import export_crm
from sdr_assets.escalations import escalations
from sdr_assets.inbox import load_queue, record_action, with_suppressions
from sdr_assets.incremental import LayerConfig
from tests.send_world import _body, first_emails_sent, human_reply

FILES = {"hubspot": ("hubspot_contacts.csv", "hubspot_notes.csv"), "salesforce": ("salesforce_leads.csv",),
         "csv": ("escalations_crm.csv",)}


def _escalate(world) -> list[dict]:
    r = world.resources
    _body(escalations)(config=LayerConfig(), warehouse=r["warehouse"], model=r["model"], paths=r["paths"],
                       policy=r["policy"], escalation_policy=r["escalation_policy"])
    with world.warehouse.connect() as con:
        return with_suppressions(load_queue(con, world.now, r["escalation_policy"]), con, world.root)


def _exported(world, fmt: str, out) -> str:
    export_crm(world.warehouse, world.now, fmt, out, None, world.root)
    return "\n".join((out / name).read_text(encoding="utf-8") for name in FILES[fmt])


@pytest.mark.parametrize("fmt", list(FILES))
@pytest.mark.parametrize("handled", [None, "opted_out", "other"])
def test_a_person_who_only_asked_to_be_erased_is_not_created_in_the_crm(tmp_path, fmt, handled):
    world = first_emails_sent(tmp_path)
    jane, ann = (next(s for s in world.outbox() if s.address.startswith(p)) for p in ("jane", "ann"))
    world.deliver(human_reply(jane.address, "Please erase my personal data.", jane.message_id,
                              world.now + timedelta(minutes=5)))
    world.deliver(human_reply(ann.address, "Unsubscribe me.", ann.message_id, world.now + timedelta(minutes=6)))
    world.advance(10)
    world.process()
    queue = _escalate(world)
    assert world.suppressed(jane.address) and world.suppressed(ann.address), "precondition: both opted out"
    (row,) = [r for r in queue if r["contact_email"] == jane.address]
    assert row["data_request_due"] is not None, "precondition: her erasure request went to a person"
    assert not any(r["contact_email"] == ann.address for r in queue), "a plain opt-out goes to nobody"
    if handled:  # a person answered the request
        world.advance(60)
        record_action(world.warehouse, row["escalation_id"], "handle", "Sam Lee", world.now, outcome=handled,
                      note="erased as asked")
        _escalate(world)

    files = _exported(world, fmt, tmp_path / "crm")
    assert ann.address not in files, "precondition: a plain opt-out is not handed over"
    assert jane.address not in files and "erase my personal data" not in files, (
        f"the {fmt} hand-over creates a CRM record, with her thread, for a person whose one reply asked us to "
        f"stop and erase her data:\n{files[:600]}")
