"""Enrichment replaces a contact whose address hard-bounced a follow-up with another person of the same
full name at the account, whose LinkedIn profile differs from hers: a namesake, not her address changed.
The newcomer gets the play's first email, never her predecessor's follow-up (a step after one she never
got), and her own follow-ups by their spacing from it. Her predecessor's name and profile come from the
texts sent to her once her research is let go, as from her drafts."""

from __future__ import annotations

from datetime import timedelta

import duckdb

from sdr_assets.domain.sequencing import plan_sends
from sdr_assets.shared_profiles import people
from tests.test_one_thread_per_account import ANN, MAILBOX, NOW, PLAY, ROOMY, _draft, _sent

NEW = "ann.lee@acme.example"
STEPS = ((1, 0), (2, 4), (3, 9))


def _drafts(address: str, profile: str) -> list[dict]:
    return [{**_draft(address, step, delay), "contact_name": "Ann Lee", "linkedin_url": profile}
            for step, delay in STEPS]


def _linked(drafts: list[dict], ledger: list[dict], kept: list[tuple[str, str]]) -> dict[str, str]:
    """``people().threads`` of a warehouse with ``drafts``, ``ledger`` and the texts ``kept`` (draft, profile)."""
    con = duckdb.connect()
    con.execute("create table message_drafts (contact_email varchar, company_domain varchar, linkedin_url varchar, "
                "contact_name varchar)")
    for d in drafts:
        con.execute("insert into message_drafts values (?, ?, ?, ?)",
                    [d["contact_email"], d["company_domain"], d["linkedin_url"], d["contact_name"]])
    con.execute("create table enriched_accounts (email varchar, status varchar)")
    con.execute("insert into enriched_accounts values (?, 'ready')", [NEW])
    con.execute("create table send_ledger (draft_id varchar, contact_email varchar, company_domain varchar, "
                "step integer)")
    for row in ledger:
        con.execute("insert into send_ledger values (?, ?, ?, ?)",
                    [row["draft_id"], row["contact_email"], row["company_domain"], row["step"]])
    con.execute("create table sent_message_texts (draft_id varchar, contact_name varchar, linkedin_url varchar)")
    for draft_id, profile in kept:
        con.execute("insert into sent_message_texts values (?, 'Ann Lee', ?)", [draft_id, profile])
    return people(con).threads


def _plan(research_kept: bool):
    ledger = [_sent(1, NOW - timedelta(days=6)), _sent(2, NOW - timedelta(days=2))]  # step 2 bounced
    hers = _drafts(ANN, "https://www.linkedin.com/in/ann-lee-1") if research_kept else []
    drafts = [*hers, *_drafts(NEW, "https://www.linkedin.com/in/ann-lee-2")]
    kept = [(f"{ANN}-{step}", "https://www.linkedin.com/in/ann-lee-1") for step in (1, 2)]
    return plan_sends(drafts, ledger, {ANN}, {}, ROOMY, NOW, PLAY, MAILBOX, sending={},
                      same_person=_linked(drafts, ledger, kept), bounced={ANN})


def test_the_namesake_gets_the_first_email_while_her_predecessors_research_is_kept():
    assert [(d["contact_email"], d["step"]) for d in _plan(research_kept=True).send] == [(NEW, 1)]


def test_the_namesake_gets_the_first_email_once_her_predecessors_research_is_let_go():
    assert [(d["contact_email"], d["step"]) for d in _plan(research_kept=False).send] == [(NEW, 1)]
