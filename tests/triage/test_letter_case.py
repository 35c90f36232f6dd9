"""Patterns searched in lowered text (bounce bodies, delays, recipient hints, Apple's unsubscribe
banner, challenge requests) read a message the same in any letter case."""

import pytest

from sdr_assets.triage import classify_message
from sdr_assets.triage.autoreply import is_challenge

DAEMON = "From: Mail Delivery System <MAILER-DAEMON@mx.customer.example>\nTo: bounces@sdr.example\n"


def _mail(head: str, subject: str, body: str) -> bytes:
    return (f"{head}Subject: {subject}\nDate: Tue, 04 Jun 2024 10:00:00 +0000\n\n{body}\n").encode()


PLAIN_BOUNCE = ("This message was created automatically by mail delivery software.\n\n"
                "The following address had a permanent fatal error:\n"
                "RCPT To:<Gone@Customer.example>\n550 5.1.1 User unknown\n")
DELAY = ("This is a warning only: you do not need to resend your message.\n"
         "Delivery to Gone@Customer.example has been delayed; the server will continue to retry.\n")
CASES = {
    # a daemon with a subject that says nothing: the body decides, and the hint gives the recipient
    "bounce": (_mail(DAEMON, "Notice", PLAIN_BOUNCE), "bounce", ["gone@customer.example"]),
    "delay": (_mail(DAEMON, "Delayed Mail", DELAY), "delay", ["gone@customer.example"]),
    "apple banner": (_mail("From: Ann <ann@customer.example>\nTo: unsubscribe@sdr.example\n", "unsubscribe",
                           "Apple Mail sent this email to unsubscribe from the message."), "human",
                     ["ann@customer.example"]),
}


@pytest.mark.parametrize("case", CASES)
@pytest.mark.parametrize("spelling", [str.lower, str.upper, str.title])
def test_a_report_reads_the_same_in_any_letter_case(case, spelling):
    raw, kind, recipients = CASES[case]
    head, _, body = raw.decode().partition("\n\n")
    result = classify_message(f"{head}\n\n{spelling(body)}".encode())
    assert result.kind == kind
    if recipients is not None:
        assert result.recipients == recipients


@pytest.mark.parametrize("spelling", [str.lower, str.upper, str.title])
def test_a_challenge_request_is_one_in_any_letter_case(spelling):
    assert is_challenge(spelling("Please click the following link to confirm that you are a real sender."))
    assert not is_challenge(spelling("Please confirm the meeting time by following the agenda link."))
