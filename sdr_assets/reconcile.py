"""Rows left in ``sending``: resolved by the transport where it can tell, else by a person.

A crash leaves them, and so does an SMTP connection lost after the message's DATA began (their
``reason`` says so). The maildir can tell (delivery is atomic): a Message-ID found in the outbox is
``sent``; one not found was never delivered, so the claim is released and the next run sends it.
SMTP cannot tell (the server may have accepted the message), so those rows wait for a person:
``sdr sends unresolved`` lists them and ``sdr sends resolve KEY --sent|--not-sent --by NAME``
settles them. Every resolution is kept in ``send_resolutions``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

import duckdb

from resources.tables import frame_of, table_exists, transaction
from sdr_assets import sent_log
from sdr_assets.domain.approvals import nobody_named

if TYPE_CHECKING:
    from resources.mail import MailTransport

RESOLUTIONS_DDL = """
create table if not exists send_resolutions (
    send_key varchar not null,
    play varchar,
    contact_email varchar,
    step integer,
    message_id varchar,
    outcome varchar not null,
    resolved_by varchar not null,
    resolved_at timestamptz not null,
    note varchar
)
"""
# Later steps of the same contact and play wait for a step that is not settled.
UNRESOLVED_SQL = """
select l.send_key, l.play, l.contact_email, l.step, l.message_id, l.sent_at as claimed_at, l.reason,
       (select count(*) from message_drafts d
        where d.play = l.play and lower(d.contact_email) = lower(l.contact_email) and d.step > l.step
          and d.play_version = l.play_version) as steps_waiting
from send_ledger l where l.status = 'sending' order by l.sent_at, l.send_key
"""


class ResolveError(ValueError):
    pass


@dataclass
class Reconciliation:
    found_sent: int = 0
    released: int = 0
    unresolved: int = 0
    partial_files_removed: int = 0


def _audit(con, row: tuple, outcome: str, by: str, now: datetime, note: str) -> None:
    con.execute(RESOLUTIONS_DDL)
    send_key, play, email, step, msg_id = row
    con.execute("insert into send_resolutions values (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [send_key, play, email, step, msg_id, outcome, by, now, note])


def _settle(con, row: tuple, sent: bool, by: str, now: datetime, note: str, log: Path | None = None) -> None:
    """Record the outcome; a row settled ``sent`` is appended to ``log`` (the play's log of messages
    handed over, :mod:`sdr_assets.sent_log`) before it commits, so the log holds every sent row."""
    send_key, *_, msg_id = row
    with transaction(con):
        _audit(con, row, "sent" if sent else "not_sent", by, now, note)
        if sent:
            con.execute("update send_ledger set status = 'sent', reason = ? where send_key = ? and status = 'sending'",
                        [f"resolved by {by}: {note}"[:500], send_key])
            sent_log.record_settled(con, log, send_key)
        else:  # released: the next run may send this step
            con.execute("delete from send_ledger where send_key = ? and status = 'sending'", [send_key])


def _sending(con, where: str = "", params: list | None = None) -> list[tuple]:
    if not table_exists(con, "send_ledger"):
        return []
    return con.execute("select send_key, play, contact_email, step, message_id from send_ledger "
                       f"where status = 'sending' {where} order by send_key", params or []).fetchall()


def reconcile(con: duckdb.DuckDBPyConnection, mail: MailTransport, now: datetime,
              handed_over: frozenset[str] = frozenset(), warehouse_path: str | None = None) -> Reconciliation:
    """Settle every ``sending`` row the transport can answer for, and those whose Message-ID is in
    ``handed_over`` (the log of messages a transport took, ``sent_log``, beside the warehouse file at
    ``warehouse_path``). Call only under the send lock."""
    result = Reconciliation(partial_files_removed=mail.discard_partial())
    rows = _sending(con)
    delivered = mail.delivered({r[4] for r in rows if r[4]}) if rows else set()
    for row in rows:
        if row[4] and row[4] in handed_over:
            _settle(con, row, True, "reconciliation", now, "in the log of messages the transport took")
            result.found_sent += 1
        elif delivered is None or not row[4]:
            result.unresolved += 1
        elif row[4] in delivered:
            _settle(con, row, True, "reconciliation", now, "found in the outbox",
                    sent_log.log_path(warehouse_path, row[1]))
            result.found_sent += 1
        else:
            _settle(con, row, False, "reconciliation", now, "not in the outbox: released for the next run")
            result.released += 1
    return result


def unresolved(con: duckdb.DuckDBPyConnection) -> list[dict]:
    """Rows still ``sending``, with why where known (else a crash) and how many later steps of that
    contact wait on each."""
    if not table_exists(con, "send_ledger"):
        return []
    if not table_exists(con, "message_drafts"):
        return [{**r, "steps_waiting": 0} for r in frame_of(
            con, "select send_key, play, contact_email, step, message_id, sent_at as claimed_at, reason "
                 "from send_ledger "
                 "where status = 'sending' order by sent_at, send_key").iter_rows(named=True)]
    return list(frame_of(con, UNRESOLVED_SQL).iter_rows(named=True))


def resolve(con: duckdb.DuckDBPyConnection, send_key: str, sent: bool, by: str, now: datetime, note: str = "", *,
            mail: MailTransport, warehouse_path: str | None, mode: str = "live") -> dict:
    """A person's answer for one ``sending`` row: it was delivered, or it was not (released).

    An answer the record contradicts is refused: the log of messages handed over (beside the
    warehouse file at ``warehouse_path``) holds the message, so it left; or ``mail``, the transport
    the sends go through, can tell (the maildir outbox) and holds it or does not. ``by`` names a
    person by the approval gate's rule in the run ``mode``: a release lets the next run send."""
    if refusal := nobody_named(by, mode):
        raise ResolveError(refusal)
    rows = _sending(con, "and send_key = ?", [send_key])
    if not rows:
        raise ResolveError(f"no unresolved send with key {send_key!r} (see `sdr sends unresolved`)")
    send_key, play, email, step, message_id = rows[0]
    log = sent_log.log_path(warehouse_path, play)
    logged = sent_log.holds(log, message_id)
    if logged and not sent:
        raise ResolveError(f"{send_key} left: the log of messages handed over ({log}) holds {message_id}. "
                           "Nothing to resolve: the next send step records it as sent")
    found = mail.delivered({message_id}) if message_id else None
    if found is not None and sent != (message_id in found):
        raise ResolveError(f"{send_key} {'was not' if sent else 'was'} delivered: the outbox "
                           f"{'does not hold' if sent else 'holds'} {message_id}. Nothing to resolve: the next "
                           "send step settles it from the outbox")
    _settle(con, rows[0], sent, by.strip(), now, note or ("delivered" if sent else "not delivered"),
            None if logged else log)
    return {"send_key": send_key, "play": play, "contact_email": email, "step": step,
            "outcome": "sent" if sent else "not_sent", "resolved_by": by.strip()}
