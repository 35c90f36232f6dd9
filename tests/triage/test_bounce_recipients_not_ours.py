"""A bounce in words alone that quotes our original message's headers inline names as failed only the address we
wrote to: never our own unsubscribe address, our sender's address, nor a Message-ID, which the headers hold too
(each failed address becomes a suppression entry of its own)."""

from datetime import datetime, timezone
from email.message import EmailMessage

import pytest

from sdr_assets.domain.messages import build_message
from sdr_assets.triage import classify_message

DOMAIN = "outreach.example"
ORIGINAL = build_message(
    secret=b"k" * 32, send_key="0123456789abcdef01234567", sender_name="Alex", sender_email=f"alex@{DOMAIN}",
    postal_address="1 Main St, Springfield", to_name="Pat Doe", to_email="pat@customer.example",
    subject="Quick question", body="Hi Pat, would a call help?", sent_at=datetime(2024, 6, 3, 8, tzinfo=timezone.utc),
    sending_domain=DOMAIN, unsubscribe_url="https://outreach.example/u")
# The headers as they went out, folded as on the wire, and as a report may give them, one line each.
FOLDED = ORIGINAL.as_string().split("\n\n", 1)[0]
UNFOLDED = "\n".join(f"{name}: {value}" for name, value in ORIGINAL.items())

# Each report gives the failed address in its own way, then the returned headers in words no cut recognises.
REPORTS = [
    "I'm sorry to have to inform you that your message could not be delivered to one or more recipients.\n\n"
    "<pat@customer.example>: host mx.customer.example said: 550 5.1.1 user unknown\n\n"
    "Original message headers:\n\n{headers}",
    "Delivery has failed to these recipients or groups:\n\npat@customer.example\n"
    "The email address you entered couldn't be found. 550 5.1.1 RESOLVER.ADR.RecipNotFound\n\n"
    "Original message headers:\n\n{headers}",
    "This is a permanent error. The message could not be delivered.\n\n"
    "Headers of the message follow:\n\n{headers}",
    "Your message {message_id} could not be delivered to pat@customer.example: 550 5.1.1 user unknown.\n\n"
    "Headers of the message follow:\n\n{headers}",
]


def _bounce(report: str, headers: str) -> bytes:
    msg = EmailMessage()
    msg["From"] = "Mail Delivery System <MAILER-DAEMON@mx.customer.example>"
    msg["To"] = f"alex@{DOMAIN}"
    msg["Subject"] = "Undelivered Mail Returned to Sender"
    msg["Date"] = "Mon, 03 Jun 2024 10:01:00 +0200"
    msg["Message-ID"] = "<bounce-1@mx.customer.example>"
    msg.set_content(report.format(headers=headers, message_id=ORIGINAL["Message-ID"]))
    return bytes(msg)


@pytest.mark.parametrize("headers", [FOLDED, UNFOLDED], ids=["folded", "unfolded"])
@pytest.mark.parametrize("report", REPORTS)
def test_a_text_bounce_quoting_our_headers_fails_only_the_address_we_wrote_to(report, headers):
    result = classify_message(_bounce(report, headers))
    assert result.kind == "bounce", result
    assert result.recipients == ["pat@customer.example"], result.recipients
