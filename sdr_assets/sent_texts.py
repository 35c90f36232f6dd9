"""The text of each email as it was sent, kept once its draft is rewritten or no longer drafted.

A play's drafts are the ones it would send now: a new version, new research or a verifier's stricter
check rewrites or removes them. The ledger names the draft each send went out from and the digest of
its subject and body (``content_digest``), so before a draft that went out is rewritten or removed its
text is kept here under that digest, and a thread shows what the contact was sent, not what would be
sent now or nothing (``escalations``).
"""

from __future__ import annotations

import duckdb

from resources.tables import columns_of, table_exists

TABLE = "sent_message_texts"
DDL = f"""
create table if not exists {TABLE} (
    content_digest varchar primary key,
    subject varchar,
    body varchar
)"""
# ``sequencing.content_digest`` in SQL: the first 24 hex digits of the SHA-256 of subject, newline, body.
DIGEST_SQL = "left(sha256(coalesce(d.subject, '') || chr(10) || coalesce(d.body, '')), 24)"


def keep_sent(con: duckdb.DuckDBPyConnection, play: str, condition: str, params: list) -> int:
    """Keep the text of the play's stored drafts that ``condition`` (on ``d``) holds for and that went out
    as they stand, inside the caller's transaction, before they are rewritten or removed; how many
    texts were new."""
    if not table_exists(con, "send_ledger") or "content_digest" not in columns_of(con, "send_ledger"):
        return 0
    con.execute(DDL)
    return con.execute(
        f"insert or ignore into {TABLE} select distinct l.content_digest, d.subject, d.body "
        f"from message_drafts d join send_ledger l on l.draft_id = d.draft_id and l.play = d.play "
        f"where d.play = ? and ({condition}) and l.status = 'sent' and l.content_digest = {DIGEST_SQL}",
        [play, *params]).fetchone()[0]


def sent_texts(con: duckdb.DuckDBPyConnection, digests: list[str]) -> dict[str, str]:
    """The kept body of each of ``digests`` that has one."""
    if not digests or not table_exists(con, TABLE):
        return {}
    return dict(con.execute(f"select content_digest, body from {TABLE} where list_contains(?, content_digest)",
                            [digests]).fetchall())
