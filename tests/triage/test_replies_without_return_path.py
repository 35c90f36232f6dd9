"""Mail read from a folder often has no Return-Path, whoever wrote it: a person's reply that sounds like
a bounce ("my mailbox is full", "Undeliverable: ...") stays hers unless the message is built as a
report is. Real replies, in ``tests/fixtures/replies/no_return_path``."""

from pathlib import Path

import pytest

from sdr_assets.triage import classify_message
from sdr_assets.triage.bounces import detect_bounce
from sdr_assets.triage.parse import parse_bytes

NO_RETURN_PATH = Path(__file__).resolve().parents[1] / "fixtures" / "replies" / "no_return_path"
BOUNCE = ("From: Mail Delivery System <MAILER-DAEMON@mx.acme.example>\r\nTo: alex@sdr.example\r\n"
          "Subject: Undelivered Mail Returned to Sender\r\n\r\n"
          "I'm sorry to have to inform you that your message could not be delivered.\r\n\r\n"
          "<ann.lee@acme.example>: host mx.acme.example said: 550 5.1.1 User unknown\r\n")


@pytest.mark.parametrize("name", ["mailbox_full", "undeliverable_subject"])
def test_a_persons_reply_without_return_path_is_no_bounce(name):
    result = classify_message((NO_RETURN_PATH / f"{name}.eml").read_bytes())
    assert (result.kind, result.label) == ("human", "unsubscribe"), (result.kind, result.reason)
    assert "Please remove me from your list." in result.visible_text


@pytest.mark.parametrize("headers", ["", "Return-Path: <>\r\n"])
def test_a_mail_servers_report_without_return_path_is_still_a_bounce(headers):
    bounce = detect_bounce(parse_bytes((headers + BOUNCE).encode()))
    assert bounce is not None and (bounce.kind, bounce.recipients) == ("bounce", ["ann.lee@acme.example"])


def test_a_transcript_without_return_path_or_daemon_sender_is_still_a_bounce():
    raw = ("From: Acme IT <it@acme.example>\r\nTo: alex@sdr.example\r\nSubject: Undeliverable: Quick question\r\n\r\n"
           "Remote server replied:\r\n550 5.1.1 <ann.lee@acme.example>: Recipient address rejected: no mailbox "
           "here by that name\r\n")
    bounce = detect_bounce(parse_bytes(raw.encode()))
    assert bounce is not None and (bounce.kind, bounce.recipients) == ("bounce", ["ann.lee@acme.example"])
