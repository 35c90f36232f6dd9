"""A play whose sender is at an international domain (``sam@bücher-vertrieb.de``).

The domain has an ASCII spelling (``xn--bcher-vertrieb-gsb.de``) that every server takes; only a
non-ASCII local part needs SMTPUTF8. Written as given, the sender's U-label put UTF-8 into the
From header and the envelope, so a server without SMTPUTF8 (as Amazon SES) refused every
message of the play, and each was recorded ``failed`` for good (``failed`` is never retried).
"""

import sys
from pathlib import Path

import pytest

from resources.smtp import SmtpTransport
from sdr_assets.domain.messages import MessageError, build_message
from sdr_assets.send_loop import _hand_over
from tests.send_world import START

sys.path.insert(0, str(Path(__file__).parent / "mail"))
from smtp_server import RecordingHandler, start_smtp_server  # noqa: E402


def test_a_sender_at_an_international_domain_reaches_a_server_without_smtputf8():
    message = build_message(
        secret=b"k" * 32, send_key="c" * 24, sender_name="Sam Carter",
        sender_email="sam@bücher-vertrieb.de", postal_address="1 Test Street", to_name="Ana Lima",
        to_email="ana@acme.example", subject="Hello Ana", body="Hi Ana.", sent_at=START,
        sending_domain="xn--bcher-vertrieb-gsb.de", unsubscribe_url="https://optout.northwind-sales.com/u")
    handler = RecordingHandler()
    server = start_smtp_server(handler, enable_SMTPUTF8=False)  # as Amazon SES
    try:
        mail = SmtpTransport(host="127.0.0.1", port=server.port, security="none", timeout_seconds=5.0)
        with mail.connection() as session:
            status, reason, *_ = _hand_over(message, session)
    finally:
        server.stop()
    assert status == "sent", reason
    assert [d["rcpt_tos"] for d in handler.delivered] == [["ana@acme.example"]]
    assert [d["mail_from"] for d in handler.delivered] == ["sam@xn--bcher-vertrieb-gsb.de"]
    raw = handler.delivered[0]["raw"]
    assert raw.isascii() and raw.startswith(b"From: Sam Carter <sam@xn--bcher-vertrieb-gsb.de>\r\n")


def test_only_an_ascii_local_part_lets_the_domain_go_as_its_a_label():
    """A non-ASCII local part needs SMTPUTF8 whatever the domain: that address is kept as written."""
    for written, shown in [("sam@Bücher-Vertrieb.de", "sam@xn--bcher-vertrieb-gsb.de"),
                           ("josé@bücher-vertrieb.de", "josé@bücher-vertrieb.de"),
                           ("Sam@Northwind-Sales.com", "Sam@Northwind-Sales.com")]:
        message = build_message(
            secret=b"k" * 32, send_key="c" * 24, sender_name="Sam Carter",
            sender_email=written, postal_address="1 Test Street", to_name="Ana Lima",
            to_email="ana@acme.example", subject="Hello Ana", body="Hi Ana.", sent_at=START,
            sending_domain="northwind-sales.com", unsubscribe_url="https://optout.northwind-sales.com/u")
        assert message["From"].addresses[0].addr_spec == shown, written
    with pytest.raises(MessageError, match=r"^sender address 'sam@bü cher\.de': .*invalid characters"):
        build_message(
            secret=b"k" * 32, send_key="c" * 24, sender_name="Sam Carter",
            sender_email="sam@bü cher.de", postal_address="1 Test Street", to_name="Ana Lima",
            to_email="ana@acme.example", subject="Hello Ana", body="Hi Ana.", sent_at=START,
            sending_domain="northwind-sales.com", unsubscribe_url="https://optout.northwind-sales.com/u")
