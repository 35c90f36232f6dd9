"""What a DKIM signature lets a third party add to one of our messages and still verify.

A signed cold email can be replayed (DKIM replay): sent again by anyone, to anyone, still carrying
our domain's valid signature. Headers listed in ``h=`` once more than the message has them cannot be
added, and so are those a message may lack (Reply-To, Cc, Sender, In-Reply-To, References): absent,
they sign as empty. ``Reply-To`` is the one that matters most: added above ``From``, every answer to
the replayed message would go to whoever added it, under a signature that says our domain vouches
for the message.
"""

import dkim
import pytest

from resources.dkim import create_key, dns_record, sign
from resources.smtp import SmtpTransport
from sdr_assets.domain.messages import build_message
from tests.send_world import START

ADDED = {
    "reply-to": b"Reply-To: Sam Carter <sam@attacker.example>\r\n",
    "cc": b"Cc: cfo@acme.example\r\n",
    "sender": b"Sender: billing@attacker.example\r\n",
    "in-reply-to": b"In-Reply-To: <invoice-4711@attacker.example>\r\n",
    "references": b"References: <invoice-4711@attacker.example>\r\n",
    "content-transfer-encoding": b"Content-Transfer-Encoding: base64\r\n",
}


@pytest.mark.parametrize("header", ADDED.values(), ids=ADDED.keys())
def test_a_header_added_to_a_signed_message_breaks_the_signature(tmp_path, header):
    key = tmp_path / "sdr.private.pem"
    create_key(key)
    record = dns_record(key, "sdr", "outreach.example").value.encode()
    message = build_message(
        secret=b"k" * 32, send_key="d" * 24, sender_name="Sam Carter",
        sender_email="sam@outreach.example", postal_address="1 Test Street", to_name="Ana Lima",
        to_email="ana@acme.example", subject="Hello Ana", body="Hi Ana.", sent_at=START,
        sending_domain="outreach.example", unsubscribe_url="https://optout.northwind-sales.com/u")
    raw = SmtpTransport(host="127.0.0.1", port=25, security="none").render(message)
    signed = sign(raw, selector="sdr", domain="outreach.example", key_pem=key.read_bytes())
    dns = lambda name, timeout=5: record  # noqa: E731
    assert dkim.verify(signed, dnsfunc=dns)
    replayed = signed.replace(b"\r\nFrom: ", b"\r\n" + header + b"From: ", 1)
    assert replayed != signed
    assert not dkim.verify(replayed, dnsfunc=dns)
