"""RFC 5965 / 6591 feedback reports: the report's own fields decide what it is and whom it names.

Each report is about a real message the project built (``build_message``), attached as its
headers the way feedback loops return them, so the send key, the Message-ID and the
List-Unsubscribe token are the ones the pipeline would meet.
"""

import json
import re
from datetime import UTC, datetime, timedelta

import duckdb
import pytest

from sdr_assets.domain.deliverability import DeliverabilityLimits, window_readings
from sdr_assets.domain.mail_optouts import known_mailboxes, optout_columns, verified_token
from sdr_assets.domain.messages import build_message
from sdr_assets.domain.suppression import events_from_replies
from sdr_assets.domain.unsubscribe import UnsubscribeRequest, unsubscribe_token
from sdr_assets.monitor_data import sends_with_verdicts, send_outcomes
from sdr_assets.sends import LEDGER_DDL
from sdr_assets.triage import classify_message
from sdr_assets.triage.parse import parse_bytes

from .helpers import make_message

SECRET = b"s" * 32
SENT = datetime(2026, 11, 30, 9, tzinfo=UTC)
MAILBOX = "jordan@outreach.example"


def _original(send_key: str, to_email: str) -> str:
    msg = build_message(secret=SECRET, send_key=send_key,
                        sender_name="Jordan Lee", sender_email=MAILBOX, postal_address="1 Main St, Springfield",
                        to_name="", to_email=to_email, subject="Congrats on the Series B", body="Hi Dana,\n\nCongrats.",
                        sent_at=SENT, sending_domain="outreach.example",
                        unsubscribe_url="https://outreach.example/unsubscribe")
    return msg.as_string().partition("\n\n")[0]


def _report(feedback_type: str | None, *, send_key: str = "a" * 24, rcpt: str = "dana@acme.example",
            shown_to: str = "redacted@acme.example") -> bytes:
    """A feedback report naming ``rcpt`` in Original-Rcpt-To; the attached original shows ``shown_to``
    as its recipient (providers redact it), and carries our Message-ID and unsubscribe token."""
    headers = _original(send_key, rcpt).replace(f"To: {rcpt}", f"To: {shown_to}")
    type_line = f"Feedback-Type: {feedback_type}\n" if feedback_type is not None else ""
    return f"""From: fbl@mx.provider.example
To: abuse@outreach.example
Subject: Feedback report for outreach.example
Date: Mon, 30 Nov 2026 10:00:00 +0000
Message-ID: <fbl-{send_key}-{feedback_type}@mx.provider.example>
MIME-Version: 1.0
Content-Type: multipart/report; report-type=feedback-report; boundary="b1"

--b1
Content-Type: text/plain

This is a feedback report for a message received from IP 192.0.2.10.

--b1
Content-Type: message/feedback-report

{type_line}User-Agent: Provider-FBL/1.0
Version: 1
Original-Mail-From: <{MAILBOX}>
Original-Rcpt-To: <{rcpt}>
Reported-Domain: outreach.example

--b1
Content-Type: text/rfc822-headers

{headers}

--b1--
""".encode()


def test_the_report_fields_are_read_from_the_feedback_part_not_taken_for_an_attached_message():
    pm = parse_bytes(_report("auth-failure"))
    assert "Feedback-Type: auth-failure" in pm.feedback_text
    assert "Original-Rcpt-To: <dana@acme.example>" in pm.feedback_text
    assert not any("Feedback-Type" in block for block in pm.attached_headers)


def test_the_complainant_is_original_rcpt_to_not_the_redacted_recipient_of_the_original():
    raw = _report("abuse")
    assert b"\nTo: redacted@acme.example\n" in raw and b"\nTo: dana@acme.example" not in raw
    result = classify_message(raw)
    assert (result.kind, result.reason, result.send_key) == ("complaint", "abuse", "a" * 24)
    assert result.recipients == ["dana@acme.example"]


@pytest.mark.parametrize("feedback_type", ["abuse", "fraud", "Abuse", None])
def test_abuse_fraud_or_no_type_is_a_complaint(feedback_type):
    assert classify_message(_report(feedback_type)).kind == "complaint"


@pytest.mark.parametrize("feedback_type,needs_review", [
    ("auth-failure", False), ("not-spam", False), ("virus", True), ("other", True), ("something-new", True)])
def test_other_report_types_are_no_complaint(feedback_type, needs_review):
    result = classify_message(_report(feedback_type))
    assert (result.kind, result.needs_review) == ("other", needs_review)
    assert result.reason == f"feedback report: {feedback_type}"
    assert result.recipients == ["dana@acme.example"]


def _events(raw: bytes, contact: str = "dana@acme.example"):
    """The reply row the pipeline stores for ``raw`` answering a send to ``contact`` (matched by its
    Message-ID), and the suppression events it owes."""
    result = classify_message(raw)
    row = {"message_id": result.message_id, "received_at": SENT, "send_key": "a" * 24, "contact_email": contact,
           "kind": result.kind,
           "hard": result.hard, "label": result.label, "recipients": result.recipients,
           **optout_columns(result, contact, SECRET, known_mailboxes([contact]))}
    row["optout_targets"] = json.loads(row["optout_targets"])
    return row, events_from_replies([row], SENT)


@pytest.mark.parametrize("feedback_type", ["auth-failure", "not-spam"])
def test_an_auth_failure_or_not_spam_report_suppresses_nobody(feedback_type):
    assert _events(_report(feedback_type))[1] == []


def test_an_abuse_report_suppresses_the_complainant_for_good():
    events = _events(_report("abuse"))[1]
    assert [(e.target, e.reason) for e in events] == [("dana@acme.example", "complaint")]


def test_a_complaint_whose_original_lost_our_message_id_keeps_its_signed_token():
    """A relay replaced our Message-ID: the token of the List-Unsubscribe still names the send and her."""
    relayed = re.sub(rb"Message-ID: <sdr-[^>]+>", b"Message-ID: <0100-relay@relay.example>", _report("abuse"))
    result = classify_message(relayed)
    assert (result.kind, result.send_key) == ("complaint", None)
    assert verified_token((SECRET,), result.unsubscribe_tokens) == UnsubscribeRequest("a" * 24, "dana@acme.example")


def test_an_ses_complaint_keeps_the_signed_token_of_the_headers_it_carries():
    token = unsubscribe_token(SECRET, "b" * 24, "pat@customer.example")
    document = {"notificationType": "Complaint",
                "complaint": {"complainedRecipients": [{"emailAddress": "pat@customer.example"}]},
                "mail": {"messageId": "0100-ses", "headers": [
                    {"name": "List-Unsubscribe", "value": f"<https://outreach.example/unsubscribe/{token}>"}]}}
    envelope = {"Type": "Notification", "Message": json.dumps(document)}
    result = classify_message(make_message(json.dumps(envelope, indent=2), subject="AWS Notification Message",
                                           reply=False, from_addr="no-reply@sns.amazonaws.com"))
    assert result.kind == "complaint"
    assert verified_token((SECRET,), result.unsubscribe_tokens) == UnsubscribeRequest("b" * 24, "pat@customer.example")


def test_an_opt_out_report_is_an_unsubscribe_proven_by_the_token_in_the_attached_original():
    """The List-Unsubscribe's machine form, as mail to its mailto address: no person's reply."""
    result = classify_message(_report("opt-out"))
    assert (result.kind, result.label, result.to_unsubscribe_address) == ("human", "unsubscribe", True)
    row, events = _events(_report("opt-out"))
    assert not row.get("needs_review") and row["optout_via"] == "unsubscribe_mail"
    assert ("dana@acme.example", "unsubscribe_mail") in {(e.target, e.reason) for e in events}
    assert "complaint" not in {e.reason for e in events}


def test_an_opt_out_report_without_a_valid_token_goes_to_a_person():
    stripped = b"\n".join(line for line in _report("opt-out").split(b"\n")
                          if not line.lower().startswith((b"list-unsubscribe:", b" <mailto")))
    row, events = _events(stripped)
    assert row["needs_review"] and "without a valid token" in row["reason"]
    assert "dana@acme.example" not in {e.target for e in events}


def test_auth_failure_reports_on_our_sends_do_not_count_against_the_mailbox():
    con = duckdb.connect()
    con.execute(LEDGER_DDL)
    con.execute("create table reply_classifications (message_id varchar, send_key varchar, kind varchar, "
                "label varchar, hard boolean)")
    for i in range(300):
        con.execute("insert into send_ledger (send_key, play, play_version, contact_email, mailbox, step, status, "
                    "sent_at) values (?, 'series-b-funding', 'v1', ?, ?, 1, 'sent', ?)",
                    [f"{i:024x}", f"p{i}@c{i}.example", MAILBOX, SENT - timedelta(hours=1, minutes=i)])
    for i in range(3):
        result = classify_message(_report("auth-failure", send_key=f"{i:024x}", rcpt=f"p{i}@c{i}.example"))
        assert result.send_key == f"{i:024x}"
        con.execute("insert into reply_classifications values (?, ?, ?, ?, ?)",
                    [result.message_id, result.send_key, result.kind, result.label, result.hard])
    sends = sends_with_verdicts(con)
    assert not sends["complaint"].any()
    readings = window_readings(send_outcomes(sends), SENT, DeliverabilityLimits())
    assert {r.state for r in readings} == {"ok"}
