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


BOB = "bob.stone@initech.example"  # mailed by the same play, never replied
OUTREACH_TO_OTHERS = {
    "send_ledger": "insert into send_ledger select * replace ('1' || send_key[2:] as send_key, 'd-bob-1' as draft_id, "
                   f"'{BOB}' as contact_email) from send_ledger",
    "message_drafts": f"insert into message_drafts select * replace ('d-bob-1' as draft_id, '{BOB}' as contact_email) "
                      "from message_drafts",
    "enriched_accounts": f"insert into enriched_accounts select * replace ('{BOB}' as email) from enriched_accounts",
    "research_angles": f"insert into research_angles select * replace ('{BOB}' as contact_email) from research_angles",
}


def test_outreach_to_contacts_who_never_replied_builds_nothing_again(tmp_path):
    """Only rows of the addresses replies came from or are about are read: sends, drafts, accounts and
    research of others leave the escalations as they are, while a change to a draft Ann's send names,
    whoever it is addressed to, or to a row without an ASCII address, still builds them again."""
    desk = _desk(tmp_path / "data")
    with desk.resources(RUN_AT)["warehouse"].connect() as con:
        for statement in OUTREACH_TO_OTHERS.values():
            assert con.execute(statement).fetchone()[0] == 1
    assert _run(desk).startswith("no:"), "outreach to others went into the escalations' inputs"
    with desk.resources(RUN_AT)["warehouse"].connect() as con:
        con.execute(f"update message_drafts set body = 'Hi Bob, changed.' where contact_email = '{BOB}'")
        con.execute(f"update send_ledger set subject = 'Bob, again' where contact_email = '{BOB}'")
    assert _run(desk).startswith("no:")

    with desk.resources(RUN_AT)["warehouse"].connect() as con:
        con.execute(f"update message_drafts set contact_email = '{BOB}' where draft_id = '{DRAFT}'")
    assert _run(desk) == "yes"
    with desk.resources(RUN_AT)["warehouse"].connect() as con:
        con.execute(f"update message_drafts set body = 'Hi Ann, the note again.' where draft_id = '{DRAFT}'")
    assert _run(desk) == "yes", "the draft Ann's send names is read whoever it is addressed to"
    with desk.resources(RUN_AT)["warehouse"].connect() as con:
        con.execute("update research_angles set contact_email = 'zoë@initech.example' "
                    f"where contact_email = '{BOB}'")
    assert _run(desk) == "yes", "a non-ASCII address may lower-case to a reply's: it counts"


def test_a_build_reads_the_sends_drafts_accounts_and_research_of_the_reply_addresses_alone(tmp_path, monkeypatch):
    """Outreach to people who never replied is not read when the escalations are built, except a draft a
    reply contact's send names, whoever it is addressed to; the rows come out as they did."""
    from sdr_assets import escalations as module

    desk = _desk(tmp_path / "data")
    with desk.resources(RUN_AT)["warehouse"].connect() as con:
        for statement in OUTREACH_TO_OTHERS.values():
            con.execute(statement)
        con.execute(f"update message_drafts set contact_email = '{BOB}' where draft_id = '{DRAFT}'")
        before = con.execute("select * from escalations order by escalation_id").fetchall()
    read, read_table = {}, module.read_table
    monkeypatch.setattr(module, "read_table",
                        lambda con, table, *args: read.setdefault(table, read_table(con, table, *args)))
    assert _run(desk) == "yes"
    assert read["message_drafts"]["draft_id"].to_list() == [DRAFT]
    for table, column in (("send_ledger", "contact_email"), ("enriched_accounts", "email"),
                          ("research_angles", "contact_email")):
        assert read[table][column].to_list() == [ANN], table
    with desk.resources(RUN_AT)["warehouse"].connect() as con:
        assert con.execute("select * from escalations order by escalation_id").fetchall() == before


def _changed_during_the_build(desk: Desk, monkeypatch, change) -> str:
    """Build the rows again while ``change(desk)`` writes, as another process would; the run's ``rebuilt``."""
    from sdr_assets import escalations as module

    with desk.resources(RUN_AT)["warehouse"].connect() as con:
        con.execute("update escalations set priority = priority + 1")  # something to build again
    build_rows = module.build_rows

    def meanwhile(*args, **kwargs):
        change(desk)
        return build_rows(*args, **kwargs)

    monkeypatch.setattr(module, "build_rows", meanwhile)
    rebuilt = _run(desk)
    monkeypatch.setattr(module, "build_rows", build_rows)
    return rebuilt


def _sql(statement: str):
    def change(desk: Desk) -> None:
        with desk.resources(RUN_AT)["warehouse"].connect() as con:
            assert con.execute(statement).fetchone()[0] >= 1
    return change


@pytest.mark.parametrize("table", ["reply_classifications", "quarantined_replies", "message_drafts",
                                   "enriched_accounts", "research_angles", "send_ledger", "escalation_events"])
def test_an_input_another_process_changes_while_the_rows_are_built_builds_them_again_next_run(tmp_path, monkeypatch,
                                                                                              table):
    """The mark recorded with the rows is that of the inputs as they were read, not as they stand once
    the rows are written: a change written in between is not taken as built."""
    desk = _desk(tmp_path / "data")
    assert _changed_during_the_build(desk, monkeypatch, _sql(CHANGES[table])).startswith("yes")
    assert _run(desk) == "yes", f"the change to {table} written during the build went unseen"
    assert _run(desk).startswith("no:")


def test_a_claim_recorded_while_the_rows_are_built_builds_them_again_next_run(tmp_path, monkeypatch):
    desk = _desk(tmp_path / "data")
    with desk.resources(RUN_AT)["warehouse"].connect() as con:
        (escalation_id,) = con.execute("select escalation_id from escalations").fetchone()
    rebuilt = _changed_during_the_build(desk, monkeypatch, lambda d: d.act(escalation_id, "claim", "dana", RUN_AT))
    assert rebuilt == "yes, and again next run: a person acted while the rows were built"
    assert _run(desk) == "yes"
    assert _run(desk).startswith("no:")
    assert [r["status"] for r in desk.queue(RUN_AT)] == ["claimed"]
