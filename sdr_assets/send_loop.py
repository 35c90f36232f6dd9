"""The send loop: build, claim, hand over, record. At most once per send key, across processes.

Order per message:

1. the approval is re-read (a revocation stops the batch before the next message);
2. the address is made canonical and the message is built and validated: a failure holds that
   one draft with the reason (status ``held``) and the batch goes on;
3. the send key is *claimed* by an insert that only one process can win; the loser skips;
4. the message goes to the transport, and the outcome replaces the claim.

A crash between 3 and 4 leaves a ``sending`` row, which :mod:`sdr_assets.reconcile` resolves.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from email.message import EmailMessage
from typing import Any

import duckdb

from resources.mail import MailTransport
from sdr_assets.domain import approvals
from sdr_assets.domain.addresses import InvalidAddressError, canonical_address
from sdr_assets.domain.messages import MessageError
from sdr_assets.domain.plays import Play
from sdr_assets.send_guard import stop_requested

# Statuses a later run may try again: a held draft is rebuilt (its research may have been fixed).
RETRYABLE = ("held",)

_COLUMNS = ("send_key, play, play_version, approved_by, draft_id, company_domain, contact_email, mailbox, step, "
            "variant, signal_type, fit, subject, status, reason, message_id, transport_id, sent_at")
_CLAIM_SQL = (
    f"insert into send_ledger ({_COLUMNS}) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
    "on conflict (send_key) do update set status = excluded.status, reason = excluded.reason, "
    "message_id = excluded.message_id, play_version = excluded.play_version, approved_by = excluded.approved_by, "
    "draft_id = excluded.draft_id, subject = excluded.subject, sent_at = excluded.sent_at "
    "where send_ledger.status in ('held') returning send_key"
)


@dataclass
class BatchOutcome:
    sent: int = 0
    held: int = 0
    lost_claims: list[str] = field(default_factory=list)
    halted: str | None = None
    stopped: bool = False


def _row(draft: dict[str, Any], play: Play, approved_by: str | None, mailbox: str, status: str,
         reason: str | None, now: datetime, msg_id: str | None = None) -> list:
    return [draft["send_key"], draft["play"], play.version_hash, approved_by, draft["draft_id"],
            draft["company_domain"], draft["contact_email"], mailbox, draft["step"], draft["variant"],
            draft["signal_type"], draft["fit"], draft["subject"], status, reason, msg_id, None, now]


def claim(con: duckdb.DuckDBPyConnection, row: list) -> bool:
    """Insert the row unless the key is taken (a held row may be taken over). True if this process won."""
    return bool(con.execute(_CLAIM_SQL, row).fetchall())


def record_outcome(con, draft, play, approved_by, mailbox, status: str, reason: str | None, now) -> bool:
    """A refusal that needs no claim (suppressed, invalid address, held): recorded once, never overwritten."""
    return claim(con, _row(draft, play, approved_by, mailbox, status, reason, now))


def _settle(con, send_key: str, msg_id: str, status: str, reason: str | None, transport_id: str | None) -> None:
    """Replace this process's own claim (matched by its Message-ID) with the outcome."""
    con.execute(
        "update send_ledger set status = ?, reason = ?, transport_id = ? "
        "where send_key = ? and status = 'sending' and message_id = ?",
        [status, reason, transport_id, send_key, msg_id],
    )


def send_batch(con: duckdb.DuckDBPyConnection, drafts: list[dict[str, Any]], play: Play, approved_by: str | None,
               mailbox: str, mail: MailTransport, now: datetime,
               make_message: Callable[[dict[str, Any], str], EmailMessage],
               suppressed: Callable[[str], str | None], log: Callable[[str], None] = lambda _: None,
               mode: str = "live") -> BatchOutcome:
    """Send ``drafts`` in order. ``make_message`` builds and validates the message for a draft and its
    canonical address (raising MessageError); ``suppressed`` gives the reason a canonical address must
    not be mailed, asked once more right before the claim, whatever the plan said."""
    outcome = BatchOutcome()
    for draft in drafts:
        if stop_requested():
            outcome.stopped = True
            break
        # A revocation recorded while this batch runs stops it before the next message.
        if not approvals.approval_status(con, play, mode).approved:
            outcome.halted = "approval withdrawn during the batch"
            break
        try:
            address = canonical_address(draft["contact_email"])
        except InvalidAddressError as exc:
            record_outcome(con, draft, play, approved_by, mailbox, "invalid_address", str(exc)[:500], now)
            continue
        if reason := suppressed(address):
            record_outcome(con, draft, play, approved_by, mailbox, "suppressed", reason, now)
            continue
        try:
            message = make_message(draft, address)
            message.as_bytes()  # serialising is where a bad header shows itself
        except (MessageError, ValueError, TypeError, UnicodeError) as exc:
            record_outcome(con, draft, play, approved_by, mailbox, "held", str(exc)[:500], now)
            outcome.held += 1
            log(f"{draft['send_key']} held: {exc}")
            continue
        msg_id = str(message["Message-ID"])
        if not claim(con, _row(draft, play, approved_by, mailbox, "sending", None, now, msg_id)):
            outcome.lost_claims.append(draft["send_key"])
            log(f"{draft['send_key']} already claimed by another run: skipped")
            continue
        outcome.sent += _hand_over(con, draft["send_key"], msg_id, message, mail)
    return outcome


def _hand_over(con, send_key: str, msg_id: str, message: EmailMessage, mail: MailTransport) -> int:
    try:
        transport_id = mail.send(message)
    except Exception as exc:  # transports raise typed errors; any failure is recorded, not lost
        if getattr(exc, "transient", False):
            con.execute("delete from send_ledger where send_key = ? and status = 'sending' and message_id = ?",
                        [send_key, msg_id])
            return 0
        _settle(con, send_key, msg_id, "failed", str(exc)[:500], None)
        return 0
    _settle(con, send_key, msg_id, "sent", None, transport_id)
    return 1
