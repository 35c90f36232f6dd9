"""A bounce whose human-readable part carries a person's note: suppressed as any bounce, read by a person."""

import json
from datetime import UTC, datetime

import polars as pl
import pytest

from sdr_assets.domain import escalations as esc
from sdr_assets.domain.escalation_rows import build_rows
from sdr_assets.domain.suppression import events_from_replies
from sdr_assets.triage import classify_message

from .helpers import OUR_MESSAGE_ID

BOUNCED = "ann@acme.example"
OURS = "sam@sdr.example"
ORDINARY = f"""This is an automatically generated Delivery Status Notification.
Delivery to the following recipient failed permanently:
  {BOUNCED}

For further assistance, please contact <support@acme.example> or send mail to postmaster.
"""


def dsn(text: str, sender: str = "Mail Delivery Subsystem <mailer-daemon@acme.example>") -> bytes:
    """A delivery report on our message to ``BOUNCED`` whose human-readable part is ``text``."""
    return f"""From: {sender}
To: Sam <{OURS}>
Subject: Delivery Status Notification (Failure)
Date: Tue, 01 Dec 2026 10:00:00 +0000
Message-ID: <r1@acme.example>
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status; boundary="B"

--B
Content-Type: text/plain

{text}
--B
Content-Type: message/delivery-status

Reporting-MTA: dns; mx.acme.example

Final-Recipient: rfc822; {BOUNCED}
Action: failed
Status: 5.1.1
Diagnostic-Code: smtp; 550 5.1.1 user unknown

--B
Content-Type: text/rfc822-headers

From: {OURS}
Message-ID: {OUR_MESSAGE_ID}
To: {BOUNCED}

--B--
""".encode()


REFERRAL = dsn(ORDINARY + "\nNote from IT: Ann has left; please write to kate.lind@acme.example instead, "
                          "she runs RevOps now and asked for your deck.\n")
DOMAIN_STOP = dsn(ORDINARY + "\nPlease stop sending mail to this domain; remove all acme.example addresses "
                             "from your list.\n", sender="postmaster@acme.example")


def _escalates(result) -> bool:
    return esc.escalates(result.kind, result.label, result.needs_review, result.reason)


def test_a_referral_in_a_bounce_goes_to_a_person_and_the_bounce_stays_hard():
    result = classify_message(REFERRAL)
    assert (result.kind, result.hard, result.recipients) == ("bounce", True, [BOUNCED])
    assert result.referrals == ["kate.lind@acme.example"], "the help desk and postmaster are no referral"
    assert (result.reason, result.label) == (esc.BOUNCE_REFERRAL, None)
    assert "asked for your deck" in result.visible_text
    assert _escalates(result) and esc.in_conversation(result.kind, result.needs_review, result.reason)


def test_a_postmasters_request_to_stop_a_domain_goes_to_a_person_and_suppresses_only_the_bounced_address():
    result = classify_message(DOMAIN_STOP)
    assert (result.kind, result.hard, result.label, result.reason) == ("bounce", True, None, esc.BOUNCE_STOP)
    assert _escalates(result) and result.reason in esc.OPTING_OUT_REASONS
    row = {"message_id": result.message_id, "kind": result.kind, "hard": result.hard, "label": result.label,
           "recipients": result.recipients, "contact_email": BOUNCED, "optout_targets": [], "received_at": None}
    events = events_from_replies([row], datetime(2026, 12, 1, tzinfo=UTC))
    assert [(e.target, e.reason) for e in events] == [(BOUNCED, "hard_bounce")], "no automatic domain suppression"


@pytest.mark.parametrize("text", [
    ORDINARY,
    # The addresses a report names by its nature: the bounced recipient, a server's mailbox, ours.
    ORDINARY + f"\nPlease write to {BOUNCED}, postmaster@acme.example or {OURS} instead.\n",
    ORDINARY + "\nIf you believe this was in error, please forward the original to antispam@acme.example.\n",
])
def test_an_ordinary_bounce_stays_out_of_the_queue(text):
    result = classify_message(dsn(text))
    assert (result.kind, result.hard, result.referrals) == ("bounce", True, [])
    assert (result.reason, result.needs_review) == ("smtp; 550 5.1.1 user unknown", False)
    assert not _escalates(result)


def test_a_bounce_note_is_queued_for_review_with_its_referral_proposed_and_no_answer():
    def row(raw: bytes, n: int) -> dict:
        r = classify_message(raw)
        return {"message_id": f"<m{n}@x.example>", "kind": r.kind, "label": r.label, "sub_reason": None,
                "confidence": r.confidence, "needs_review": r.needs_review, "play": "p", "contact_email": BOUNCED,
                "from_addr": r.from_addr, "received_at": datetime(2026, 12, 1, n, tzinfo=UTC), "subject": r.subject,
                "visible_text": r.visible_text, "referrals": json.dumps(r.referrals), "simulated": False,
                "reason": r.reason}

    context = {"enriched": {}, "angles": {}, "outbound": {}, "draft_names": {}, "domains": {}, "signal_types": {},
               "plays": {}, "logged": set(), "answered": set()}
    for raw, stop in ((REFERRAL, False), (DOMAIN_STOP, True)):
        rows, _ = build_rows(pl.DataFrame([row(raw, 1)]), pl.DataFrame(), context,
                             lambda conversations: [("answer", True) for _ in conversations],
                             datetime(2026, 12, 2, tzinfo=UTC))
        [queued] = rows
        assert (queued["label"], queued["contact_email"], queued["suggested_response"]) == ("review", BOUNCED, "")
        assert queued["may_ask_to_stop"] is stop
        assert queued["proposed_contacts"] == ("" if stop else "kate.lind@acme.example")
