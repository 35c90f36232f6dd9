"""A follow-up's In-Reply-To and References as a recipient's mail program reads them.

RFC 5322 makes both headers a list of msg-ids (``<left@right>``) and RFC 2047 (section 5) forbids
encoded-words in them: mail programs (Thunderbird, Apple Mail, Gmail's threading) read the raw
bytes and do not decode ``=?utf-8?q?...?=`` there. Python's own parser does decode them, so a test
that parses with ``email.policy.default`` cannot see the defect; these read the raw header.
"""

import re
import sys
from datetime import timedelta
from email import message_from_bytes
from email.policy import compat32
from pathlib import Path

import dkim
import pytest

from resources.dkim import create_key, dns_record, sign
from resources.mail import MaildirOutbox
from resources.smtp import SmtpTransport
from sdr_assets.domain.messages import MessageError, Thread, build_message, message_id
from sdr_assets.sends import send_for_play
from tests.reachable import REACHABLE_OPTOUTS, service_beat
from tests.send_world import PLAY, START, World, _send_context

sys.path.insert(0, str(Path(__file__).parent / "mail"))
from smtp_server import RecordingHandler, start_smtp_server  # noqa: E402

MSG_ID = r"<[^<>\s@]+@[^<>\s@]+>"
SECRET = b"k" * 32


def _raw_header(raw: bytes, name: str) -> str:
    """The header's value as it is on the wire, unfolded, nothing decoded."""
    value = message_from_bytes(raw, policy=compat32)[name]
    return re.sub(r"\r?\n[ \t]", " ", str(value)).strip()


def _follow_up(*earlier: str):
    return build_message(
        secret=SECRET, send_key="b" * 24, sender_name="Sam Carter",
        sender_email="sam@northwind-sales.com", postal_address="1 Test Street", to_name="Ana Lima",
        to_email="ana@acme.example", subject="Hello Ana", body="Following up once.", sent_at=START,
        sending_domain="northwind-sales.com", unsubscribe_url="https://optout.northwind-sales.com/u",
        thread=Thread(earlier, "Hello Ana"))


def test_a_follow_up_names_the_earlier_message_ids_as_written(tmp_path):
    first, second = (message_id(SECRET, key * 24, "northwind-sales.com") for key in "ac")
    message = _follow_up(first, second)
    key = tmp_path / "sdr.private.pem"
    create_key(key)
    record = dns_record(key, "sdr", "northwind-sales.com").value.encode()
    for transport in (SmtpTransport(host="127.0.0.1", port=25, security="none"),
                      MaildirOutbox(path=str(tmp_path / "outbox"))):
        raw = transport.render(message)
        assert b"=?" not in re.split(rb"\r?\n\r?\n", raw, maxsplit=1)[0], "no header is encoded"
        assert _raw_header(raw, "In-Reply-To") == second
        assert _raw_header(raw, "References") == f"{first} {second}"
        assert max(len(line) for line in raw.splitlines()) <= 998
        signed = sign(raw, selector="sdr", domain="northwind-sales.com", key_pem=key.read_bytes())
        assert dkim.verify(signed, dnsfunc=lambda name, timeout=5: record)


@pytest.mark.parametrize("earlier", ["<no-right-side>", "<a b@c.example>", "<a@b.example> <c@d.example>",
                                     "<zoë@northwind-sales.com>"])
def test_an_earlier_message_id_that_is_no_msg_id_is_refused(earlier):
    with pytest.raises(MessageError, match="earlier Message-ID .* is not <left@right> in printable ASCII"):
        _follow_up(earlier)


def test_follow_ups_sent_over_smtp_thread_under_the_first_message(tmp_path):
    world = World(tmp_path, ["ann.lee@acme.example"], REACHABLE_OPTOUTS)
    world.decide("approve")
    service_beat(tmp_path)
    handler = RecordingHandler()
    server = start_smtp_server(handler)
    try:
        for _ in range(2):
            resources = world.resources
            mail = SmtpTransport(host="127.0.0.1", port=server.port, security="none", timeout_seconds=5.0)
            send_for_play(_send_context(), PLAY, warehouse=world.warehouse, paths=resources["paths"],
                          policy=resources["policy"], mail=mail)
            world.advance(int(timedelta(days=3).total_seconds() // 60))
            service_beat(tmp_path)
    finally:
        server.stop()

    raws = [d["raw"] for d in handler.delivered]
    assert len(raws) == 2, "step 1, then step 2 three days later"
    first, follow_up = (message_from_bytes(r, policy=compat32) for r in raws)
    first_id = str(first["Message-ID"]).strip()
    assert re.fullmatch(MSG_ID, first_id)
    assert str(follow_up["Subject"]).startswith("Re: ")
    in_reply_to = _raw_header(raws[1], "In-Reply-To")
    references = _raw_header(raws[1], "References")
    assert re.fullmatch(MSG_ID, in_reply_to), in_reply_to
    assert in_reply_to == first_id == references
