"""Replies that could not be triaged: what is read of them, and the hold on their senders' mail.

Such a reply may be an opt-out or a complaint, so it fails closed: its sender (read from the top-level
header block alone, ``domain.raw_headers``) and the contact of the send it answers (one of our
Message-IDs, which nobody outside can forge) get no mail from any play until a person has handled
it in the escalation queue. A hold is no stored row: it is read from ``quarantined_replies`` and
``escalation_events`` whenever mail is planned, keyed by the message, so handling it lifts it at
once and a later run that quarantines the same message again holds nothing. A reply whose sender
cannot be read and which names none of our messages holds nobody: it waits in the queue.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import datetime

import duckdb
import polars as pl

from resources.tables import columns_of, frame_of, table_exists
from sdr_assets.domain import escalations as esc
from sdr_assets.domain.addresses import person_key, person_mailbox
from sdr_assets.domain.raw_headers import salvage
from sdr_assets.reply_intake import QUARANTINE_DDL

QUARANTINE_SCHEMA = {"message_id": pl.String, "message_key": pl.String, "reason": pl.String,
                     "quarantined_at": pl.Datetime("us", "UTC"), "from_addr": pl.String, "subject": pl.String,
                     "send_key": pl.String, "play": pl.String, "contact_email": pl.String}
# Columns later versions added to the table, for a warehouse that has it without them.
ADDED = ("from_addr", "subject", "send_key", "play", "contact_email")
HOLD_REASON = "a reply could not be triaged: held until a person handles it (sdr inbox)"


def ensure_table(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(QUARANTINE_DDL)
    for column in ADDED:
        con.execute(f"alter table quarantined_replies add column if not exists {column} varchar")


def quarantined(message_id: str, message_key: str, raw: bytes, reason: str, now: datetime, ours: set[str],
                by_message_id: Mapping[str, dict], latest: Mapping[str, dict]) -> dict:
    """The quarantine row of a message the parser gave up on, with the send it answers: one of ours its
    header names (In-Reply-To first), else one of ``ours`` (our Message-IDs anywhere in it: an attached
    original), else its sender's latest send."""
    salvaged = salvage(raw)
    named = [i for i in salvaged.message_ids if i in by_message_id] or sorted(i for i in ours if i in by_message_id)
    send = by_message_id[named[0]] if named else latest.get(person_mailbox(salvaged.from_addr) or "", {})
    return {"message_id": message_id, "message_key": message_key, "reason": reason[:500], "quarantined_at": now,
            "from_addr": salvaged.from_addr, "subject": salvaged.subject[:500], "send_key": send.get("send_key"),
            "play": send.get("play"), "contact_email": send.get("contact_email")}


def _rows(con: duckdb.DuckDBPyConnection) -> list[dict]:
    """The quarantined replies; a table from before a column was added reads it as null."""
    stored = columns_of(con, "quarantined_replies")
    if not stored:
        return []
    read = ", ".join(c if c in stored else f"null::varchar as {c}" for c in QUARANTINE_SCHEMA)
    return frame_of(con, f"select {read} from quarantined_replies order by message_id").to_dicts()


def unhandled(con: duckdb.DuckDBPyConnection, message_ids: list[str]) -> dict[str, list[str]]:
    """Of ``message_ids``, each one a person has not handled yet, with every escalation that logged it
    and was not handled after it (in log order): a reply matched to another send since it was first
    logged sits in two conversations, and its hold lifts once both are handled. A message no
    escalation logged yet maps to no id."""
    logged = con.execute(
        "select r.message_id, r.escalation_id, exists (select 1 from escalation_events h where h.action = 'handle' "
        "and h.escalation_id = r.escalation_id and h.event_id > r.event_id) from escalation_events r "
        "where r.action = 'reply' and r.message_id in (select unnest(?::varchar[])) order by r.event_id",
        [message_ids]).fetchall() if message_ids and table_exists(con, "escalation_events") else []
    waiting: dict[str, list[str]] = {m: [] for m in message_ids}
    for message_id, escalation_id, handled in logged:
        if not handled and escalation_id not in waiting[message_id]:
            waiting[message_id].append(escalation_id)
    seen = {message_id for message_id, _, _ in logged}
    return {m: ids for m, ids in waiting.items() if ids or m not in seen}


def waiting_review(con: duckdb.DuckDBPyConnection) -> list[dict]:
    """Each quarantined reply no person has handled yet: its sender, contact and play, the escalations
    a person handles to lift its hold (``escalation_ids``; none until a replies run queued it), the
    last of them (``escalation_id``), and the addresses whose mail it holds."""
    rows = _rows(con)
    waiting = unhandled(con, [r["message_id"] for r in rows])
    found = []
    for r in rows:
        if r["message_id"] not in waiting:
            continue
        ids = waiting[r["message_id"]]
        held = sorted({person_key(a) for a in (r["contact_email"], r["from_addr"]) if a} - {""})
        found.append({**r, "held": held, "escalation_ids": ids, "escalation_id": ids[-1] if ids else None})
    return found


def review_holds(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """The addresses whose mail waits for a person to handle a reply that could not be triaged."""
    return {address: HOLD_REASON for r in waiting_review(con) for address in r["held"]}


def as_conversations(con: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    """The quarantined replies as the escalation queue reads messages: left for a person to read
    (kind ``other``, ``needs_review``), with why and what could be read of them in place of text."""
    rows = _rows(con)
    if not rows:
        return pl.DataFrame()
    fetched = dict(con.execute("select message_id, fetched_at from raw_replies where message_id in "
                               "(select unnest(?::varchar[]))", [[r["message_id"] for r in rows]]).fetchall()) \
        if table_exists(con, "raw_replies") else {}
    return pl.DataFrame([{
        "message_id": r["message_id"], "message_key": r["message_key"], "send_key": r["send_key"], "play": r["play"],
        "contact_email": r["contact_email"], "from_addr": r["from_addr"], "kind": esc.UNPLACED_KIND, "label": None,
        "sub_reason": None, "confidence": None, "needs_review": True, "reason": esc.UNTRIAGED,
        "subject": r["subject"], "visible_text": _text(r), "received_at": None, "simulated": False,
        "referrals": json.dumps([]), "fetched_at": fetched.get(r["message_id"]),
    } for r in rows], schema_overrides={"received_at": pl.Datetime("us", "UTC"), "fetched_at": pl.Datetime("us", "UTC"),
                                        "confidence": pl.Float64, "label": pl.String, "sub_reason": pl.String})


def _text(row: dict) -> str:
    sender = row["from_addr"] or "a sender that could not be read"
    return (f"[This message could not be triaged ({row['reason']}). From {sender}, subject "
            f"{row['subject'] or '(none)'!r}. It may ask us to stop: read it in the mailbox (stored as "
            f"{row['message_id']} in raw_replies) before anyone writes to its sender again.]")
