"""The triage result: one frozen record per message."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from sdr_assets.domain.escalations import (ASKS_BESIDES, AUTO_MAY_ASK_TO_STOP, AUTO_OPTOUT, BOUNCE_REFERRAL,
                                          BOUNCE_STOP, DATA_REQUEST, DEPARTED, HOSTILE)

__all__ = ["TriageResult", "KINDS", "LABELS", "PRIMARY_FIELDS", "MAY_ASK_TO_STOP", "HOSTILE", "DATA_REQUEST",
           "ASKS_BESIDES", "DECLINE_ASKS", "BOUNCE_REFERRAL", "BOUNCE_STOP", "DEPARTED", "AUTO_OPTOUT",
           "AUTO_MAY_ASK_TO_STOP"]

KINDS = ("bounce", "delay", "complaint", "out_of_office", "auto_reply", "human", "other")
LABELS = ("interested", "question", "objection", "not_interested", "unsubscribe", "wrong_person")
# The reason of a reply that may ask us to stop though the opt-out rule did not take it for a request
# (words of opting out, or the opt-out model's mark): a person reads it, and the escalation queue
# points that person at recording an opt-out.
MAY_ASK_TO_STOP = "may ask us to stop, in words the opt-out rule does not take for a request: a person checks"
# The reason of a decline that asks a question or for something ("not for us, but how much does it cost?"):
# a person answers it rather than the conversation just ending.
DECLINE_ASKS = "a decline that asks a question or for something: a person answers it"

# The CLI prints these first, in this order; the rest follow.
PRIMARY_FIELDS = ("path", "kind", "label", "sub_reason", "hard", "recipients", "return_date", "referrals", "confidence")


@dataclass(frozen=True)
class TriageResult:
    kind: str
    label: str | None = None
    sub_reason: str | None = None
    hard: bool | None = None
    recipients: list[str] = field(default_factory=list)
    return_date: date | None = None
    referrals: list[str] = field(default_factory=list)
    confidence: float = 0.0
    needs_review: bool = False
    reason: str | None = None
    send_key: str | None = None
    reference: str | None = None  # our Message-ID (lower-case) this message answers or reports on
    message_id: str | None = None
    from_addr: str | None = None
    subject: str | None = None
    sent_at: datetime | None = None
    visible_text: str = ""
    simulated: bool = False
    unsubscribe_tokens: list[str] = field(default_factory=list)  # signed-token candidates, not yet verified
    # Through the List-Unsubscribe: mail to its mailto address, or a provider's opt-out report. An
    # unsubscribe a machine may have written, never counted as a person's reply.
    to_unsubscribe_address: bool = False
    # A bounce in a mail server's form: a delivery status report (message/delivery-status) from the
    # null sender. Only such a bounce matched to no send counts in a bounce rate: prose is anyone's.
    dsn: bool = False
    # A data-protection request (``data_requests``), whatever its label, sub-reason and reason: a person
    # answers it within a month.
    data_request: bool = False

    def to_json_dict(self, path=None) -> dict:
        """JSON-serialisable fields: the CLI's primary fields first, then the rest."""
        out = {
            "path": None if path is None else str(path),
            "kind": self.kind,
            "label": self.label,
            "sub_reason": self.sub_reason,
            "hard": self.hard,
            "recipients": list(self.recipients),
            "return_date": self.return_date.isoformat() if self.return_date else None,
            "referrals": list(self.referrals),
            "confidence": round(float(self.confidence), 4),
            "needs_review": self.needs_review,
            "reason": self.reason,
            "send_key": self.send_key,
            "reference": self.reference,
            "message_id": self.message_id,
            "from_addr": self.from_addr,
            "subject": self.subject,
            "sent_at": self.sent_at.isoformat() if self.sent_at else None,
            "visible_text": self.visible_text,
            "simulated": self.simulated,
            "unsubscribe_tokens": list(self.unsubscribe_tokens),
            "to_unsubscribe_address": self.to_unsubscribe_address,
            "dsn": self.dsn,
            "data_request": self.data_request,
        }
        return out
