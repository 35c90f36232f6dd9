"""The escalations are built again when any value they are built from changes, in each table they read,
and not on a run where none did: the check that skips them must see every input."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from sdr_assets.drafts import DRAFT_SCHEMA
from sdr_assets.enrichment import ENRICHED_SCHEMA
from sdr_assets.escalations import escalations
from sdr_assets.incremental import LayerConfig
from sdr_assets.reply_quarantine import QUARANTINE_SCHEMA
from sdr_assets.research import ANGLE_SCHEMA
from sdr_assets.sends import LEDGER_SCHEMA
from tests.escalation_desk import ANN, ASKS_TO_STOP_AT, PLAY, Desk, reply
from tests.send_world import _body

RUN_AT = ASKS_TO_STOP_AT.replace(hour=10)
SENT_AT = datetime(2026, 11, 20, 9, tzinfo=UTC)
DRAFT = "d-ann-1"


def _row(schema: dict, **values) -> dict:
    return {**dict.fromkeys(schema), **values}


def _desk(root: Path) -> Desk:
    """Ann's question on revops-hiring, her send, draft, account and research, and a reply from her
    address that could not be triaged, escalated once."""
    desk = Desk(root)
    desk.replies([reply("<r1@acme.example>", "What is this about?", "question", ASKS_TO_STOP_AT)])
    desk.write("send_ledger", [_row(LEDGER_SCHEMA, send_key="0" * 24, play=PLAY, draft_id=DRAFT, contact_email=ANN,
                                    company_domain="acme.example", mailbox="sdr@outreach.example", step=1,
                                    signal_type="hiring", subject="Before your new RevOps lead starts",
                                    status="sent", sent_at=SENT_AT)], LEDGER_SCHEMA)
    desk.write("message_drafts", [_row(DRAFT_SCHEMA, draft_id=DRAFT, play=PLAY, contact_email=ANN,
                                       contact_name="Ann Lee", body="Hi Ann, a note before your RevOps hire.")],
               DRAFT_SCHEMA)
    desk.write("enriched_accounts", [_row(ENRICHED_SCHEMA, play=PLAY, email=ANN, status="ready", first_name="Ann",
                                          last_name="Lee", title="VP Operations", company_name="Acme",
                                          company_domain="acme.example")], ENRICHED_SCHEMA)
    desk.write("research_angles", [_row(ANGLE_SCHEMA, play=PLAY, contact_email=ANN, why_now="hiring a RevOps lead",
                                        signal_type="hiring", facts="[]")], ANGLE_SCHEMA)
    desk.write("quarantined_replies", [_row(QUARANTINE_SCHEMA, message_id="<q1@acme.example>",
                                            message_key="<q1@acme.example>", reason="no Date header",
                                            quarantined_at=ASKS_TO_STOP_AT, from_addr=ANN, subject="Re: hello",
                                            play=PLAY, contact_email=ANN)], QUARANTINE_SCHEMA)
    assert _run(desk) == "yes"
    with desk.resources(RUN_AT)["warehouse"].connect() as con:
        title, why_now, thread = con.execute("select title, why_now, thread from escalations").fetchone()
    assert (title, why_now) == ("VP Operations", "hiring a RevOps lead")
    for read in ("What is this about?", "Re: hello", "Hi Ann, a note before", "Before your new RevOps lead"):
        assert read in thread, "each table's value below is one the row is built from"
    return desk


def _run(desk: Desk) -> str:
    r = desk.resources(RUN_AT)
    result = _body(escalations)(config=LayerConfig(), warehouse=r["warehouse"], model=r["model"], paths=r["paths"],
                         policy=r["policy"], escalation_policy=r["escalation_policy"])
    return result.metadata["rebuilt"]


# One value the rows are built from, in each table they read: the reply's text, the untriaged reply's
# subject, the sent draft's body, the account's title, the research's why-now, the send's subject, a
# stored row, and when a logged reply was acted on.
CHANGES = {
    "reply_classifications": "update reply_classifications set visible_text = 'What does it cost?'",
    "quarantined_replies": "update quarantined_replies set subject = 'Re: about the price'",
    "message_drafts": "update message_drafts set body = 'Hi Ann, a shorter note.'",
    "enriched_accounts": "update enriched_accounts set title = 'COO'",
    "research_angles": "update research_angles set why_now = 'opening an office in Lyon'",
    "send_ledger": "update send_ledger set subject = 'Your RevOps hire'",
    "escalations": "update escalations set priority = priority + 1",
    "escalation_events": "update escalation_events set acted_at = acted_at - interval 1 minute",
}


@pytest.mark.parametrize("table", CHANGES)
def test_a_changed_value_in_each_input_builds_the_escalations_again(tmp_path, table):
    desk = _desk(tmp_path / "data")
    assert _run(desk).startswith("no:"), "nothing changed: nothing is built again"
    with desk.resources(RUN_AT)["warehouse"].connect() as con:
        changed = con.execute(CHANGES[table]).fetchone()[0]
    assert changed >= 1
    assert _run(desk) == "yes", f"a change to {table} went unseen"
