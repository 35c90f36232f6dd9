"""An opt-out by reply counts from an internationalised address, in any Unicode form.

Mail clients put such an address in the From header as raw UTF-8 (RFC 6532), in NFC or NFD. The
parser used to replace every non-ASCII byte (and, in NFD, lose the accents' letters), so the
reply's sender matched nobody and the opt-out went to a person while the follow-ups went out.
"""

import re
import unicodedata

import pytest

from sdr_assets.domain.addresses import canonical_address
from sdr_assets.domain.mail_optouts import known_mailboxes, mail_optout
from sdr_assets.triage import classify_message

CONTACT = "josé.núñez@bücher.example"


def _reply(sender: str) -> bytes:
    return (f"From: José <{sender}>\r\nTo: sam@outreach.example\r\nSubject: Re: hello\r\n"
            "Message-ID: <r1@bucher.example>\r\nIn-Reply-To: <sdr-0123@outreach.example>\r\n"
            "Content-Type: text/plain; charset=utf-8\r\n\r\nPlease unsubscribe me from this list.\r\n").encode("utf-8")


@pytest.mark.parametrize("sender", [CONTACT, unicodedata.normalize("NFD", CONTACT.upper()),
                                    "JOSÉ.NÚÑEZ@XN--BCHER-KVA.EXAMPLE"], ids=["nfc", "nfd-upper", "punycode"])
def test_an_unsubscribe_reply_from_a_unicode_address_suppresses_the_contact(sender):
    result = classify_message(_reply(sender), strict=True)
    assert (result.kind, result.label) == ("human", "unsubscribe")
    assert canonical_address(result.from_addr) == canonical_address(CONTACT)
    decision = mail_optout(from_addr=result.from_addr, contact_email=CONTACT, verified_address=None,
                           known_mailboxes=known_mailboxes([CONTACT]), to_unsubscribe_address=False)
    assert not decision.needs_review and decision.targets == (canonical_address(CONTACT),)


def test_the_outbox_keeps_an_internationalised_address_as_utf8_not_an_encoded_word(tmp_path):
    from email.headerregistry import Address
    from email.message import EmailMessage
    from email import message_from_string
    from email.policy import default

    from resources.mail import MaildirOutbox

    message = EmailMessage()
    message["From"] = "Sam <sam@outreach.example>"
    local, _, domain = canonical_address(CONTACT).partition("@")
    message["To"] = Address(display_name="José", username=local, domain=domain)  # as build_message does
    message["Subject"] = "Hello"
    message.set_content("Hi")
    MaildirOutbox(path=str(tmp_path)).send(message)
    raw = next((tmp_path / "new").iterdir()).read_bytes()
    addr_spec = re.search(rb"^To:(?:.*\n[ \t])*.*<([^>]*)>", raw, re.M).group(1)
    assert addr_spec == canonical_address(CONTACT).encode(), "UTF-8 (RFC 6532): an encoded-word is no address"
    parsed = message_from_string(raw.decode("utf-8"), policy=default)
    assert parsed["To"].addresses[0].addr_spec == canonical_address(CONTACT)
