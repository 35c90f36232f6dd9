"""A contact's (or sender's) name cannot add addresses to To or From on the wire.

"Safe headers" promises that a name reaching a message is written as that person's name. Over
SMTPUTF8 (an address with a non-ASCII local part, which the README supports), a name long enough
to be folded that holds a comma loses its quotes on the wire, and the header then names several
mailboxes: the recipient sees (and Reply-All writes to) an address that came from the name field.
"""

import email
import email.policy
import sys
from email.utils import getaddresses
from pathlib import Path

import pytest

from resources.smtp import SmtpTransport
from sdr_assets.domain.messages import build_message
from tests.send_world import START

sys.path.insert(0, str(Path(__file__).parent / "mail"))
from smtp_server import RecordingHandler, start_smtp_server  # noqa: E402

RECIPIENT = "jürgen.müller@beispiel-gmbh.example"
SENDER = "sam@northwind-sales.com"
# A CRM's "name" field as many hold it (last, first; or a title glued on), and one an attacker filled in.
NAMES = [
    "Müller-Lüdenscheidt, Hans-Jürgen, Head of Procurement and Strategic Sourcing (EMEA)",
    "Zoë Lee, billing@evil.example, on behalf of the whole procurement team of Acme",
]


def _delivered(to_name: str, sender_name: str = "Sam Carter", sender: str = SENDER,
               to: str = RECIPIENT) -> email.message.EmailMessage:
    message = build_message(
        secret=b"k" * 32, send_key="c" * 24, sender_name=sender_name, sender_email=sender,
        postal_address="1 Test Street", to_name=to_name, to_email=to, subject="Hello", body="Hi.",
        sent_at=START, sending_domain="northwind-sales.com", unsubscribe_url="https://optout.northwind-sales.com/u")
    server = start_smtp_server(RecordingHandler(), enable_SMTPUTF8=True)
    try:
        with SmtpTransport(host="127.0.0.1", port=server.port, security="none",
                           timeout_seconds=2.0).connection() as session:
            session.send(message)
    finally:
        server.stop()
    (delivered,) = server.handler.delivered
    return email.message_from_bytes(delivered["raw"], policy=email.policy.default)


@pytest.mark.parametrize("name", NAMES)
def test_a_long_name_with_a_comma_stays_one_recipient_on_the_wire(name):
    received = _delivered(name)
    assert getaddresses([str(received["To"])]) == [(name, RECIPIENT)], received["To"]


def test_a_long_sender_name_with_a_comma_stays_one_from_address_on_the_wire():
    name = "Müller-Lüdenscheidt, Hans-Jürgen (Vertrieb, Region Süd) for Northwind Sales GmbH"
    received = _delivered("Ann Lee", sender_name=name, sender="jürgen@northwind-sales.com", to="ann@acme.example")
    assert getaddresses([str(received["From"])]) == [(name, "jürgen@northwind-sales.com")], received["From"]


def test_a_long_ascii_name_with_a_nickname_in_quotes_stays_one_recipient_without_smtputf8():
    """No SMTPUTF8 needed: an all-ASCII message, a name as CRMs hold nicknames."""
    name = 'Jane "JJ" Doe, VP Procurement & Strategic Sourcing, Acme Holdings International Ltd.'
    received = _delivered(name, to="jane.doe@acme.example")
    assert getaddresses([str(received["To"])]) == [(name, "jane.doe@acme.example")], received["To"]


def test_a_long_non_ascii_name_with_a_comma_stays_one_recipient_without_smtputf8():
    name = 'Zoë "Z" Lee, billing@evil.example, on behalf of the whole procurement team of Acme'
    received = _delivered(name, to="zoe@acme.example")
    assert getaddresses([str(received["To"])]) == [(name, "zoe@acme.example")], received["To"]
