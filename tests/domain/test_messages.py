"""Message building: every header a provider checks, unguessable ids, threading, and no injection."""

from datetime import UTC, datetime, timedelta, timezone

import pytest

from sdr_assets.domain.messages import (
    MessageError,
    Thread,
    build_message,
    check_unsubscribe_url,
    message_id,
    send_key_of,
    subject_for,
    thread_for,
)
from sdr_assets.domain.unsubscribe import read_unsubscribe_token

SECRET = b"k" * 32
KEY = "0123456789abcdef01234567"
SENT = datetime(2026, 11, 20, 9, tzinfo=UTC)


def _build(**overrides):
    values = dict(
        secret=SECRET, send_key=KEY, sender_name="Sam Carter",
        sender_email="sam@outreach.example", postal_address="Outreach Example Ltd, 1 Example Street",
        to_name="Ana Lima", to_email="ana@acme.example", subject="RevOps at Acme", body="Hi Ana,\n\nA note.",
        sent_at=SENT, sending_domain="outreach.example", unsubscribe_url="https://outreach.example/u",
    )
    return build_message(**{**values, **overrides})


def test_a_message_carries_unsubscribe_postal_address_and_an_unguessable_id():
    msg = _build()
    body = msg.get_content()
    link, mailto = [part.strip(" <>") for part in msg["List-Unsubscribe"].split(",")]
    assert link.startswith("https://outreach.example/u/") and mailto.startswith("mailto:unsubscribe@outreach.example")
    assert msg["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert link in body and "Outreach Example Ltd, 1 Example Street" in body
    token = link.rsplit("/", 1)[1]
    assert read_unsubscribe_token(SECRET, token).send_key == KEY
    assert read_unsubscribe_token(SECRET, token).address == "ana@acme.example"
    assert msg["Message-ID"] == message_id(SECRET, KEY, "outreach.example")
    assert send_key_of(SECRET, msg["Message-ID"]) == KEY
    assert send_key_of(b"another secret", msg["Message-ID"]) is None, "the id depends on the secret"
    assert send_key_of(SECRET, f"<sdr-{KEY}@outreach.example>") is None, "the old guessable form matches nothing"
    assert msg["In-Reply-To"] is None and "X-SDR-Send-Key" not in msg


def test_re_only_on_a_follow_up_that_threads():
    first = {"step": 1, "message_id": message_id(SECRET, KEY, "outreach.example"), "subject": "RevOps at Acme",
             "sent_at": SENT}
    thread = thread_for([first], 3)
    assert thread_for([first], 1) is None and thread_for([], 3) is None
    follow_up = _build(send_key="1" * 24, subject="Re: something else", thread=thread)
    assert follow_up["In-Reply-To"] == first["message_id"] == follow_up["References"]
    assert follow_up["Subject"] == "Re: RevOps at Acme"
    assert subject_for("Re: RevOps at Acme", None) == "RevOps at Acme", "a first touch never pretends to reply"


@pytest.mark.parametrize("subject", ["\uff32\uff45\uff1a RevOps at Acme", "Re\u2236 RevOps at Acme",
                                     "RE : Fwd: RevOps at Acme"])
def test_a_first_touch_never_opens_with_a_reply_prefix_in_other_letters(subject):
    assert subject_for(subject, None) == "RevOps at Acme"


@pytest.mark.parametrize("hidden", ["\u200b", "\u00ad", "\u2060", "\ufeff", "\u202e"])
def test_a_character_that_hides_inside_a_word_never_reaches_a_message(hidden):
    for field in ("body", "subject"):
        with pytest.raises(MessageError, match=f"U\\+{ord(hidden):04X}"):
            _build(**{field: f"Acme was acq{hidden}uired."})


BAD_VALUES = {
    "CR/LF": "Ana\r\nBcc: victim@elsewhere.example",
    "LF": "Ana\nX-Injected: yes",
    "CR": "Ana\rX-Injected: yes",
    "NUL": "Ana\x00Lima",
    "escape": "Ana\x1b[31mLima",
    "line separator": "Ana\u2028Lima",
    "paragraph separator": "Ana\u2029Lima",
    "next line": "Ana\u0085Lima",
    "bidi override": "Ana\u202eamiL",
    "overlong": "A" * 500,
    # RFC 2047 encoded-words: plain ASCII as written, a NUL, CR LF or bidi override once decoded.
    "encoded NUL": "Doe =?utf-8?q?=00?=",
    "encoded bidi override": "Acme =?utf-8?q?=00=E2=80=AE?= Labs",
    "encoded CR/LF": "Hi =?utf-8?q?=0D=0ABcc=3A_x=40evil.example?=",
    "encoded CR/LF, base64": "=?UTF-8?B?DQpCY2M6IHhAZXZpbC5leGFtcGxl?=",
    "encoded quote": 'Ann =?utf-8?q?=22=3Cx=40evil.example=3E?=',
}


@pytest.mark.parametrize("field", ["to_name", "subject", "sender_name"])
@pytest.mark.parametrize("kind", sorted(BAD_VALUES))
def test_unsafe_header_values_never_reach_a_message(field, kind):
    with pytest.raises(MessageError) as raised:
        _build(**{field: BAD_VALUES[kind]})
    assert raised.value.reason


@pytest.mark.parametrize("overrides", [
    {"to_email": "ana@acme.example\r\nBcc: x@y.example"}, {"postal_address": ""}, {"body": "Hi\x00"},
    {"unsubscribe_url": "http://outreach.example/u"}, {"sending_domain": "outreach.example>\r\nX: y"},
    {"unsubscribe_url": "https://outreach.example/ü"}, {"unsubscribe_url": "https://outreach.example/a b"},
    {"unsubscribe_url": "https://outreach.example/u>, <https://evil.example"},
])
def test_other_unsafe_inputs_are_refused_with_a_reason(overrides):
    with pytest.raises(MessageError):
        _build(**overrides)


@pytest.mark.parametrize("url", ["https://outreach.example/u?src=email", "https://outreach.example/u?",
                                 "https://outreach.example/u#top", "https://outreach.example/?u=1"])
def test_an_unsubscribe_url_with_a_query_or_fragment_is_refused(url):
    """The token is added to the URL's path, the route `sdr serve` answers: after a '?' or '#' every
    link would miss it and record nothing."""
    with pytest.raises(MessageError, match=r"^the unsubscribe URL must be a link without a query or fragment"):
        check_unsubscribe_url(url)
    assert check_unsubscribe_url("https://outreach.example/u/") == "https://outreach.example/u/"


@pytest.mark.parametrize("overrides", [
    {"to_name": "Doe =?utf-8?q?=00?="}, {"sender_name": "Sam =?utf-8?q?=0D=0AX=3A_y?="},
    {"thread": Thread(("<a@outreach.example>",), "Hi =?utf-8?q?=E2=80=AE?=")},
])
def test_an_encoded_word_in_any_header_value_is_refused_with_the_reason(overrides):
    with pytest.raises(MessageError, match=r"holds an RFC 2047 encoded-word \(=\?\.\.\.\?=\)"):
        _build(**overrides)


@pytest.mark.parametrize(("name", "subject"), [
    ("Zoë O'Brien (Acme=Labs?)", "Is 2+2=? Café ☕ at Acme"),
    ("Ann ?= Lima =?", "Tips?= and =?tricks"),
    ("=?", "?= =?"),
])
def test_what_a_reader_decodes_through_either_transport_is_what_was_built(tmp_path, name, subject):
    """'=?' or '?=' alone spell no encoded-word: such names go out, and read back as they were."""
    from email import message_from_bytes
    from email.policy import default

    from resources.mail import MaildirOutbox
    from resources.smtp import SmtpTransport

    msg = _build(to_name=name, subject=subject)
    for transport in (SmtpTransport(host="127.0.0.1"), MaildirOutbox(path=str(tmp_path))):
        received = message_from_bytes(transport.render(msg), policy=default)
        assert received["To"].addresses[0].display_name == name
        assert str(received["Subject"]) == subject


def test_names_from_many_scripts_are_kept():
    msg = _build(to_name="Zoë Ångström-Þórsdóttir 山田", subject="Café ☕ at Acme")
    assert msg["To"].addresses[0].display_name == "Zoë Ångström-Þórsdóttir 山田"
    assert str(msg["Subject"]) == "Café ☕ at Acme"


def test_list_unsubscribe_is_written_as_plain_uris_however_long():
    """Folding by the email package turned URIs longer than a line into encoded-words, which no
    mailbox provider reads as the one-click link."""
    from email import message_from_bytes
    from email.policy import default

    from resources.mail import message_bytes

    msg = _build(to_email="ana.lima.with.a.long.local.part@acme-holdings-international.example")
    link, mailto = [part.strip(" <>") for part in msg["List-Unsubscribe"].split(",")]
    assert len(link) > 78
    for linesep in ("\n", "\r\n"):
        raw = message_bytes(msg, linesep=linesep)
        assert f"List-Unsubscribe: <{link}>,{linesep} <{mailto}>{linesep}".encode() in raw
        assert b"=?" not in raw.split(b"List-Unsubscribe-Post")[0]
        assert message_from_bytes(raw, policy=default)["List-Unsubscribe"] == f"<{link}>, <{mailto}>"


def test_a_message_carries_only_the_headers_mail_needs():
    """No header names the play, its version or the tool: a recipient who reads the headers sees a
    letter, and spam filters see no bulk-tool fingerprint."""
    assert set(_build().keys()) == {
        "From", "To", "Subject", "Date", "Message-ID", "List-Unsubscribe", "List-Unsubscribe-Post",
        "MIME-Version", "Content-Type", "Content-Transfer-Encoding"}


def test_messages_sharing_parsed_headers_still_carry_their_own_values():
    """Sender and date headers are parsed once and shared: each message keeps its own."""
    later = datetime(2026, 11, 21, 10, tzinfo=UTC)
    first = _build(sender_name="Sam Carter")
    second = _build(sender_name="Zoë Ångström", sender_email="zoe@outreach.example", sent_at=later)
    third = _build(sender_name="Sam Carter")
    assert first["From"].addresses[0].display_name == third["From"].addresses[0].display_name == "Sam Carter"
    assert second["From"].addresses[0].display_name == "Zoë Ångström"
    assert second["From"].addresses[0].addr_spec == "zoe@outreach.example"
    assert (first["Date"].datetime, second["Date"].datetime) == (SENT, later)


def test_one_instant_dated_at_two_offsets_keeps_each_offset():
    """The Date text is written once per moment: the same instant at another offset is written otherwise."""
    paris = timezone(timedelta(hours=1))
    utc, local = _build(sent_at=SENT)["Date"], _build(sent_at=SENT.astimezone(paris))["Date"]
    assert (str(utc), str(local)) == ("Fri, 20 Nov 2026 09:00:00 +0000", "Fri, 20 Nov 2026 10:00:00 +0100")


def test_a_sender_or_link_refused_once_is_refused_every_time_after_a_good_one():
    """The sender and the link's base are checked once per value; no refusal is remembered as a pass."""
    _build()
    for _ in range(2):
        with pytest.raises(MessageError, match="sender address"):
            _build(sender_email="sam.outreach.example")
        with pytest.raises(MessageError, match="unsubscribe URL"):
            _build(unsubscribe_url="http://outreach.example/u")
    renamed, moved = _build(sender_name="Sam C.")["From"].addresses[0], _build(sender_email="sam@b.example")["From"]
    assert (renamed.display_name, renamed.addr_spec) == ("Sam C.", "sam@outreach.example")
    assert (moved.addresses[0].display_name, moved.addresses[0].addr_spec) == ("Sam Carter", "sam@b.example")
