"""A warehouse upgraded from a release that kept sent texts without the contact's name and profile (6981dda8):
while her sequence goes on, the drafts run names those texts from her drafts, so once her research is let
go her changed address is still joined to her (her full name at the account), and the play's first email
never goes to her again. Before, the texts kept unnamed joined nobody for good."""

from __future__ import annotations

import duckdb
import polars as pl

from resources.tables import registered
from sdr_assets.domain.sequencing import content_digest
from sdr_assets.drafts import DRAFT_SCHEMA, replace_drafts
from sdr_assets.sends import LEDGER_SCHEMA
from sdr_assets.shared_profiles import same_people

PLAY, OLD, NEW = "p", "ann@acme.example", "ann.lee@acme.example"


def _draft(draft_id: str, email: str, step: int, body: str) -> dict:
    return {**dict.fromkeys(DRAFT_SCHEMA), "draft_id": draft_id, "play": PLAY, "step": step, "channel": "email",
            "contact_email": email, "company_domain": "acme.example", "contact_name": "Ann Lee",
            "subject": f"s{step}", "body": body}


def test_her_texts_kept_unnamed_are_named_while_her_drafts_last():
    con = duckdb.connect()
    went = _draft("d-1-before", OLD, 1, "the first email as it went, reworded since")
    ledger = pl.DataFrame([{**dict.fromkeys(LEDGER_SCHEMA), "send_key": "k1", "play": PLAY, "draft_id": went["draft_id"],
                            "contact_email": OLD, "company_domain": "acme.example", "step": 1, "status": "sent",
                            "content_digest": content_digest(went)}], schema=LEDGER_SCHEMA)
    with registered(con, "_ledger", ledger):
        con.execute("create table send_ledger as select * from _ledger")
    # The release before kept the text of her first email without her name; her research, reworded, is kept.
    con.execute("create table sent_message_texts (draft_id varchar not null, content_digest varchar not null, "
                "subject varchar, body varchar, primary key (draft_id, content_digest))")
    con.execute("insert into sent_message_texts values (?, ?, ?, ?)",
                [went["draft_id"], content_digest(went), went["subject"], went["body"]])
    now = pl.DataFrame([_draft("d-1", OLD, 1, "reworded"), _draft("d-2", OLD, 2, "a follow-up")], schema=DRAFT_SCHEMA)
    with registered(con, "_now", now):
        con.execute("create table message_drafts as select * from _now")

    replace_drafts(con, PLAY, now)  # the upgrade's first drafts run: nothing rewritten
    # Her sequence ended, her research let go; enrichment names her new address.
    replace_drafts(con, PLAY, pl.DataFrame([_draft("n-1", NEW, 1, "hello")], schema=DRAFT_SCHEMA))

    assert same_people(con) == {NEW: NEW, OLD: NEW}, "her old address, kept unnamed, joins her new one"
