"""The text of each email as it was sent, kept once its draft is rewritten or no longer drafted.

A play's drafts are the ones it would send now: a new version, new research or a verifier's stricter
check rewrites or removes them. The ledger names the draft each send went out from and the digest of
its subject and body (``content_digest``), so before a draft that went out (or may have: a send left
``sending`` until it is settled) is rewritten or removed its text is kept here under the draft and
that digest, and a thread shows what the contact was sent, not what would be sent now or nothing
(``escalations``). Keyed by the draft as well, a text kept for one contact never stands for another's
message of the same words, whose own draft decides it. The contact's name and LinkedIn profile are kept
with it, so her address changed later still joins her, and a namesake's profile tells him apart
(``shared_profiles``).
"""

from __future__ import annotations

import duckdb

from resources.tables import columns_of, table_exists

TABLE = "sent_message_texts"
DDL = f"""
create table if not exists {TABLE} (
    draft_id varchar not null,
    content_digest varchar not null,
    subject varchar,
    body varchar,
    contact_name varchar,
    linkedin_url varchar,
    primary key (draft_id, content_digest)
)"""
# The name and profile it went to: her address changed later is still her, a namesake at her account is
# not (``shared_profiles``). Rows kept before have none.
NAMED = (f"alter table {TABLE} add column if not exists contact_name varchar",
         f"alter table {TABLE} add column if not exists linkedin_url varchar")
# Texts kept before (no name) take the name and profile of her drafts at the address the ledger sent them to,
# while she is drafted: once her research is let go, nothing else names her.
NAMING_SQL = f"""
update {TABLE} t set contact_name = d.contact_name, linkedin_url = coalesce(t.linkedin_url, d.linkedin_url)
from send_ledger l, message_drafts d
where l.draft_id = t.draft_id and l.play = d.play and lower(trim(d.contact_email)) = lower(trim(l.contact_email))
  and t.contact_name is null and d.contact_name is not null and trim(d.contact_name) <> ''
"""
# The ledger's states of a message that went out, or may have (settled later by ``reconcile``).
OUT = ("sent", "sending")
# ``sequencing.content_digest`` in SQL: the first 24 hex digits of the SHA-256 of subject, newline, body.
DIGEST_SQL = "left(sha256(coalesce(d.subject, '') || chr(10) || coalesce(d.body, '')), 24)"


def keep_sent(con: duckdb.DuckDBPyConnection, play: str, condition: str, params: list) -> int:
    """Keep the text of the play's stored drafts that ``condition`` (on ``d``) holds for and that went out
    as they stand, inside the caller's transaction, before they are rewritten or removed; how many
    texts were new."""
    if not table_exists(con, "send_ledger") or "content_digest" not in columns_of(con, "send_ledger"):
        return 0
    if table_exists(con, TABLE) and "draft_id" not in columns_of(con, TABLE):
        con.execute(f"drop table {TABLE}")  # an earlier layout, by the digest alone: kept again from here on
    con.execute(DDL)
    for column in NAMED:
        con.execute(column)
    con.execute(NAMING_SQL)
    return con.execute(
        f"insert or ignore into {TABLE} (draft_id, content_digest, subject, body, contact_name, linkedin_url) "
        "select distinct d.draft_id, l.content_digest, d.subject, d.body, d.contact_name, d.linkedin_url "
        f"from message_drafts d join send_ledger l on l.draft_id = d.draft_id and l.play = d.play "
        f"where d.play = ? and ({condition}) and list_contains(?, l.status) and l.content_digest = {DIGEST_SQL}",
        [play, *params, list(OUT)]).fetchone()[0]


def sent_texts(con: duckdb.DuckDBPyConnection, draft_ids: list[str]) -> dict[tuple[str, str], str]:
    """The kept bodies of the drafts ``draft_ids``, by draft and digest."""
    if not draft_ids or "draft_id" not in columns_of(con, TABLE):
        return {}
    rows = con.execute(f"select draft_id, content_digest, body from {TABLE} where list_contains(?, draft_id)",
                       [draft_ids]).fetchall()
    return {(draft_id, digest): body for draft_id, digest, body in rows}
