"""Bounce reasons and the hard/soft verdict: status code, SMTP command and diagnostic text."""

import email

import pytest

from sdr_assets.triage.bounces import detect_bounce
from sdr_assets.triage.mime import Irregular, parse_tree
from sdr_assets.triage.parse import parse_bytes
from sdr_assets.triage.reasons import best_status, is_hard, reason_for, smtp_command


@pytest.mark.parametrize("status,text,command,reason,hard", [
    # "user unknown" is believed with protocol evidence: X.1.1, or an answer to RCPT TO
    ("5.1.1", "550 5.1.1 <a@b.example>... User unknown", "DATA", "userunknown", True),
    ("5.0.0", "550 User unknown", "RCPT", "userunknown", True),
    # the same words after DATA, or pinned to nothing, are a content filter's refusal
    ("5.0.0", "550 : User unknown", "DATA", "filtered", False),
    ("5.0.0", "550 : User unknown", None, "filtered", False),
    ("5.2.1", "550 5.2.1 <a@b.example>... User Unknown", None, "filtered", False),
    # ...unless the reply echoes the recipient, which only answers to RCPT TO do
    ("5.0.0", "550 <a@b.example>: User unknown", None, "userunknown", True),
    # after MAIL FROM it was the sender that was refused
    ("5.1.0", "553 5.1.0 sender.example does not exist", "MAIL", "rejected", False),
    # a specific status beats vague text
    ("5.7.26", "550 5.7.26 <a@b.example>: Recipient address rejected: Multiple authentication checks failed",
     "RCPT", "authfailure", False),
    ("5.2.3", "552 5.2.3 Message length exceeds administrative limit", "RCPT", "exceedlimit", False),
    # null MX is hard only with a permanent status
    ("5.1.10", "The domain doesn't receive email: returned Null MX", None, "notaccept", True),
    ("4.0.0", "The domain doesn't receive email: returned Null MX", None, "notaccept", False),
    # a DNS failure reported as transient is a network problem, not a missing domain
    ("4.0.0", "DNS Error: NXDOMAIN Domain name not found: example.jpn", None, "networkerror", False),
    ("5.4.4", "Sorry, I couldn't find a mail exchanger or IP address. (#5.4.4)", None, "hostunknown", True),
    ("5.0.0", "Connected to 192.0.2.1 but my name was rejected. 501 5.0.0 Invalid domain name", "HELO",
     "blocked", False),
    ("5.2.2", "552 5.2.2 Mailbox full", "RCPT", "mailboxfull", False),
    ("5.1.1", "x-unix; procmail: No such user", None, "mailererror", False),
])
def test_reason_and_hardness(status, text, command, reason, hard):
    got = reason_for(status, text, command)
    assert got == reason
    assert is_hard(got, status) is hard


def test_best_status_prefers_a_specific_code():
    assert best_status("550 5.0.0 see 5.1.1 below") == "5.1.1"
    assert best_status("550 5.0.0 nothing more") == "5.0.0"
    assert best_status("554 no enhanced code") == "5.0.0"
    assert best_status("Server version 5.4.1.2 said nothing") is None


def test_smtp_command_takes_the_last_one_in_a_transcript():
    assert smtp_command(">>> RCPT To:<a@b.example>\n<<< 250 ok\n>>> DATA\n<<< 550 Unknown user") == "DATA"
    assert smtp_command("(in reply to RCPT TO command)") == "RCPT"
    assert smtp_command("SMTP error from remote mail server after end of data") == "DATA"
    assert smtp_command("Delivery failed") is None


MULTI = (b"From: MAILER-DAEMON@mx.example\r\nTo: alex@sdr.example\r\nSubject: Undelivered Mail Returned to Sender\r\n"
         b"Date: Mon, 03 Jun 2024 10:00:00 +0000\r\n\r\n"
         b"I'm sorry, your message could not be delivered to one or more recipients.\r\n\r\n"
         b"<full@dest.example>: host mx.dest.example said: 552 5.2.2 <full@dest.example>: Mailbox full "
         b"(in reply to RCPT TO command)\r\n\r\n"
         b"<gone@dest.example>: host mx.dest.example said: 550 5.1.1 <gone@dest.example>: User unknown "
         b"(in reply to RCPT TO command)\r\n")


def test_each_recipient_is_judged_on_its_own_lines():
    info = detect_bounce(parse_bytes(MULTI))
    assert info.recipients[:2] == ["full@dest.example", "gone@dest.example"]
    assert (info.reason, info.hard) == ("mailboxfull", False)  # the first recipient's verdict


def _shape(msg):
    """Content types depth first; delivery-status is a leaf (the standard parser splits it)."""
    if msg.get_content_type() == "message/delivery-status" or not msg.is_multipart():
        return msg.get_content_type()
    return [msg.get_content_type(), [_shape(p) for p in msg.get_payload()]]


def test_fast_mime_tree_matches_the_standard_parser(mail_dir):
    raw = (mail_dir / "sisimai/emails/bsd/lhost-postfix-35.eml").read_bytes()
    fast, slow = parse_tree(raw), email.message_from_bytes(raw)
    assert _shape(fast) == _shape(slow)
    assert fast.get_payload()[0].get_payload(decode=True) == slow.get_payload()[0].get_payload(decode=True)


def test_broken_mime_takes_the_standard_parsers_recovery():
    raw = (b"From: a@b.example\nContent-Type: multipart/mixed; boundary=XYZ\n\n"
           b"hello, and no delimiter line at all\n")
    with pytest.raises(Irregular):
        parse_tree(raw)
    assert "hello" in parse_bytes(raw).body
