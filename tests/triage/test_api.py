"""Public surface, send-key matching and odd encodings that must never crash triage."""

import dataclasses
import email
import email.message
import email.policy
import json
import random
import time
from datetime import date, datetime

import pytest

import sdr_assets.triage as triage
from sdr_assets.triage import TriageResult, classify_message
from sdr_assets.triage.parse import MAX_ENCODED_CHARS, parse_bytes

from .helpers import OUR_MESSAGE_ID, SEND_KEY, make_message

DSN = f"""From: Mail Delivery System <MAILER-DAEMON@mx.customer.example>
To: bounces@sdr.example
Subject: Undelivered Mail Returned to Sender
Date: Tue, 04 Jun 2024 10:00:00 +0000
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status; boundary="B"

--B
Content-Type: text/plain

I'm sorry to have to inform you that your message could not be delivered.

--B
Content-Type: message/delivery-status

Reporting-MTA: dns; mx.customer.example

Final-Recipient: rfc822; gone@customer.example
Action: failed
Status: 5.1.1
Diagnostic-Code: smtp; 550 5.1.1 <gone@customer.example>: Recipient address rejected: User unknown

--B
Content-Type: text/rfc822-headers

From: Alex <alex@sdr.example>
To: gone@customer.example
Message-ID: {OUR_MESSAGE_ID}
X-SDR-Send-Key: {SEND_KEY}

--B--
""".encode()

ARF = f"""From: fbl@isp.example
To: abuse@sdr.example
Subject: FW: complaint
Date: Tue, 04 Jun 2024 10:00:00 +0000
MIME-Version: 1.0
Content-Type: multipart/report; report-type=feedback-report; boundary="F"

--F
Content-Type: text/plain

This is an abuse report.

--F
Content-Type: message/feedback-report

Feedback-Type: abuse
User-Agent: ISP-FBL/1.0
Version: 1

--F
Content-Type: message/rfc822

From: Alex <alex@sdr.example>
To: redacted@isp.example
Subject: Quick question
Message-ID: {OUR_MESSAGE_ID}

Hi, worth a call?

--F--
""".encode()


def test_public_names():
    assert set(triage.__all__) >= {"classify_message", "TriageResult"}
    assert dataclasses.is_dataclass(TriageResult)
    with pytest.raises(dataclasses.FrozenInstanceError):
        TriageResult(kind="human").kind = "other"


def test_hard_bounce_with_send_key_from_attached_headers():
    result = classify_message(DSN)
    assert (result.kind, result.hard, result.recipients) == ("bounce", True, ["gone@customer.example"])
    assert result.send_key == SEND_KEY
    assert "5.1.1" in result.reason


def test_only_a_delivery_status_report_from_the_null_sender_is_in_a_mail_servers_form():
    """A bounce matched to no send counts in a rate only in that form (``unmatched_bounces``)."""
    assert classify_message(b"Return-Path: <>\n" + DSN).dsn
    assert classify_message(DSN).dsn, "no Return-Path: as delivered by a server that keeps none"
    assert not classify_message(b"Return-Path: <someone@forger.example>\n" + DSN).dsn
    prose = (b"From: MAILER-DAEMON@mx.customer.example\nReturn-Path: <>\nTo: bounces@sdr.example\n"
             b"Subject: Undelivered Mail Returned to Sender\n\nThis message could not be delivered to "
             b"gone@customer.example: 550 5.1.1 user unknown\n")
    result = classify_message(prose)
    assert (result.kind, result.hard, result.dsn) == ("bounce", True, False)


def test_a_send_key_alone_or_a_guessable_message_id_references_nothing():
    forged = make_message("Please remove me.", reply=False, headers={
        "X-SDR-Send-Key": SEND_KEY, "In-Reply-To": f"<sdr-{SEND_KEY}@sdr.example>"})
    result = classify_message(forged)
    assert (result.send_key, result.reference) == (None, None)
    assert classify_message(DSN).reference == OUR_MESSAGE_ID


def _sns_notification(document: dict) -> bytes:
    """An SES document as SNS e-mails it: the document is a JSON string inside the envelope's JSON."""
    envelope = {"Type": "Notification", "TopicArn": "arn:aws:sns:us-west-2:123456789012:ses",
                "Message": json.dumps(document)}
    return make_message(json.dumps(envelope, indent=2), subject="AWS Notification Message", reply=False,
                        from_addr="no-reply@sns.amazonaws.com")


@pytest.mark.parametrize(("document", "kind", "recipients"), [
    ({"notificationType": "Bounce", "bounce": {"bounceType": "Permanent", "bounceSubType": "General",
      "bouncedRecipients": [{"emailAddress": "Gone@Customer.example", "status": "5.1.1",
                             "diagnosticCode": "smtp; 550 5.1.1 user unknown"}]}},
     "bounce", ["gone@customer.example"]),
    ({"eventType": "Complaint", "complaint": {"complainedRecipients": [{"emailAddress": "pat@customer.example"}],
      "complaintFeedbackType": "abuse"}}, "complaint", ["pat@customer.example"]),
])
def test_an_ses_document_inside_an_sns_envelope_is_read(document, kind, recipients):
    """Inside the envelope the document's quotes are escaped: its type key reads as \\"notificationType\\"."""
    result = classify_message(_sns_notification(document))
    assert (result.kind, result.recipients) == (kind, recipients)
    assert result.hard is (True if kind == "bounce" else None)


def test_complaint_matched_through_attached_message_id():
    result = classify_message(ARF)
    assert result.kind == "complaint"
    assert result.send_key == SEND_KEY
    assert result.recipients == ["redacted@isp.example"]


def test_reply_fields_and_json():
    raw = make_message("Sounds good, send me times for a call.", headers={"X-SDR-Simulated": "true"})
    result = classify_message(raw)
    assert result.simulated is True
    assert result.send_key == SEND_KEY
    assert result.from_addr == "pat@customer.example"
    assert result.message_id == "<reply-1@customer.example>"
    assert isinstance(result.sent_at, datetime) and result.sent_at.tzinfo is not None
    data = result.to_json_dict(path="a/b.eml")
    assert list(data)[:9] == ["path", "kind", "label", "sub_reason", "hard", "recipients", "return_date",
                              "referrals", "confidence"]
    assert json.loads(json.dumps(data)) == data
    assert data["path"] == "a/b.eml" and data["kind"] == "human"


def test_return_date_serialises_as_iso():
    assert TriageResult(kind="out_of_office", return_date=date(2024, 6, 14)).to_json_dict()["return_date"] == "2024-06-14"


def test_not_a_reply_is_other():
    assert classify_message(make_message("Buy cheap watches", reply=False, subject="Offer")).kind == "other"


ODD = [
    b"",
    b"\x00\xff\xfe garbage without headers",
    b"Subject: =?ISO-2022-JP?B?GyRCJUYlOSVIGyhC?=\nContent-Type: text/plain; charset=iso-2022-jp\n\n\x1b$B%F%9%H\x1b(B\n",
    b"Subject: utf7\nContent-Type: text/plain; charset=utf-7\n\n+ZeVnLIqe-  +- broken +AGEAYgBj\n",
    b"Subject: bad charset\nContent-Type: text/plain; charset=x-no-such-charset\n\n\xe9t\xe9\n",
    b"Content-Type: multipart/mixed; boundary=\"never-closed\"\n\n--never-closed\nContent-Type: text/plain\n\nhi\n",
    b"Content-Type: multipart/report; report-type=delivery-status\n\nno boundary at all\n",
    b"Content-Type: text/plain\nContent-Transfer-Encoding: base64\n\n!!!not base64@@@\n",
    b"Content-Type: text/plain\nContent-Transfer-Encoding: quoted-printable\n\n=ZZ=\n=E9=\n",
    b"From: =?utf-8?B?broken?= <\nDate: not a date\nSubject: =?unknown?Q?x?=\n\nbody\n",
    b"Date: Mon, 99 Foo 2024 99:99:99 +9999\nIn-Reply-To: <sdr-zzz@x>\n\nhello\n",
    b"Content-Type: message/rfc822\n\nnot really a message",
    b"Content-Type: multipart/alternative; boundary=b\n\n" + b"--b\n" * 500,
]


@pytest.mark.parametrize("raw", ODD)
def test_odd_input_never_crashes(raw):
    result = classify_message(raw)
    assert result.kind in triage.KINDS
    json.dumps(result.to_json_dict())


def test_random_bytes_never_crash():
    rng = random.Random(7)
    seed = DSN + ARF
    for _ in range(200):
        data = bytearray(seed)
        for _ in range(rng.randint(1, 40)):
            data[rng.randrange(len(data))] = rng.randrange(256)
        cut = rng.randrange(len(data))
        result = classify_message(bytes(data[:cut]))
        assert result.kind in triage.KINDS


def test_a_subject_of_many_encoded_words_is_triaged_in_bounded_time():
    # Decoding took time quadratic in the number of encoded-words, seven times a message: 20,000
    # took 4 s and 40,000 16 s, with sending waiting on triage. The value is cut before decoding.
    raw = ("From: Ann Lee <ann.lee@acme.example>\r\nTo: sam@outreach.example\r\nSubject: "
           + "=?utf-8?q?a?= " * 20_000 + "\r\nDate: Mon, 30 Nov 2026 09:30:00 +0000\r\n"
           f"In-Reply-To: {OUR_MESSAGE_ID}\r\n\r\nPlease unsubscribe me.\r\n").encode()
    began = time.process_time()
    result = classify_message(raw)
    assert time.process_time() - began < 1.0
    assert (result.kind, result.label) == ("human", "unsubscribe")
    assert result.subject == "a" * (MAX_ENCODED_CHARS // len("=?utf-8?q?a?= "))


def test_a_header_is_decoded_once_per_message():
    pm = parse_bytes(make_message("Hi", subject="=?utf-8?q?Caf=C3=A9?= time"))
    assert pm.subject == "Café time"
    assert pm.header("subject") is pm.header("Subject") is pm.subject


@pytest.mark.parametrize("headers,contact,kind", [
    ({}, True, "human"),
    ({}, False, "other"),
    ({"List-Id": "<news.customer.example>"}, True, "other"),
])
def test_a_new_message_from_a_contact_is_her_answer_unless_it_comes_from_a_list(headers, contact, kind):
    raw = make_message("Hi, saw your email. We are very interested - can we book a call this week?", reply=False,
                       subject="Your note", headers=headers)
    result = classify_message(raw, is_contact=lambda address: contact and address == "pat@customer.example")
    assert result.kind == kind
    assert (result.label == "interested") == (kind == "human")


def test_a_reply_about_dmarc_with_a_signature_or_a_pdf_is_a_reply_and_a_report_is_a_report():
    for attachment in (("application", "pkcs7-signature"), ("application", "pdf")):
        msg = email.message_from_bytes(make_message("Please stop emailing me.", subject="Re: Your DMARC rollout at Acme"),
                                       policy=email.policy.default)
        msg.add_attachment(b"0" * 64, maintype=attachment[0], subtype=attachment[1], filename="part")
        result = classify_message(bytes(msg))
        assert (result.kind, result.label) == ("human", "unsubscribe"), attachment
    report = email.message.EmailMessage()
    report["From"], report["To"] = "noreply-dmarc-support@google.com", "dmarc@sdr.example"
    report["Subject"] = "Report domain: sdr.example Submitter: google.com Report-ID: <123>"
    report.set_content("This is an aggregate report from google.com.")
    report.add_attachment(b"PK\x03\x04", maintype="application", subtype="zip", filename="google.com!sdr.example.zip")
    assert classify_message(bytes(report)).kind == "other"


def test_an_empty_plain_text_alternative_gives_way_to_the_html_one():
    msg = email.message.EmailMessage()
    msg["From"], msg["To"], msg["Subject"] = "Pat <pat@customer.example>", "alex@sdr.example", "Re: Hello"
    msg["In-Reply-To"] = OUR_MESSAGE_ID
    msg.set_content("")
    msg.add_alternative("<p>Please unsubscribe me.</p>", subtype="html")
    result = classify_message(bytes(msg))
    assert (result.kind, result.label, result.visible_text.strip()) == ("human", "unsubscribe", "Please unsubscribe me.")


def test_apple_mails_unsubscribe_is_an_opt_out_and_no_complaint():
    banner = ("Mail sent this email to unsubscribe from the mailing list. You may receive a confirmation from the "
              "sender.")
    raw = make_message(banner, subject="unsubscribe", reply=False,
                       headers={"X-Mailer": "Apple Mail"}).replace(b"To: alex@sdr.example", b"To: unsubscribe@sdr.example")
    result = classify_message(raw)
    assert (result.kind, result.label, result.recipients) == ("human", "unsubscribe", ["pat@customer.example"])
    assert result.to_unsubscribe_address, "a mail client's unsubscribe: no reply a person wrote"


@pytest.mark.parametrize("body", [
    "Not interested. But my colleague Maria Lopez (maria@acme.example) runs RevOps, try her.",
    "No thanks. Maria Lopez handles this: maria@acme.example"])
def test_a_decline_naming_someone_elses_address_is_read_by_a_person(body):
    """The referral in a decline is not lost with the sequence: a person reads it, the address proposed."""
    from sdr_assets.domain.escalations import escalates

    result = classify_message(make_message(body))
    assert (result.label, result.referrals, result.needs_review) == ("not_interested", ["maria@acme.example"], True)
    assert "referral" in result.reason and escalates(result.kind, result.label, result.needs_review)


def test_a_plain_decline_or_one_signed_with_the_senders_own_address_is_no_referral():
    for body in ("No thanks.\n\nPat", "No thanks.\n\nPat Doe\npat@customer.example"):
        result = classify_message(make_message(body, from_addr="pat@customer.example"))
        assert (result.referrals, result.needs_review, result.reason) == ([], False, None), body


def test_a_copy_of_our_message_id_with_a_byte_no_ascii_holds_is_read_in_strict_mode():
    """A mangled copy of our Message-ID in a report's text still names the send; it raises nothing that
    would quarantine the whole message."""
    mangled = OUR_MESSAGE_ID.encode().replace(b"@sdr", b"@s\xe9dr")
    raw = DSN.replace(OUR_MESSAGE_ID.encode(), mangled)
    assert mangled in raw
    result = classify_message(raw, strict=True)
    assert (result.kind, result.send_key) == ("bounce", SEND_KEY)
    assert triage.classify.our_message_ids(raw) == {mangled.decode("ascii", "replace").lower()}
