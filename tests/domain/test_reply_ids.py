"""Stored reply ids: one per distinct message, whatever Message-ID senders reuse."""

import re

from sdr_assets.domain.reply_ids import content_digest, derived_id, header_message_id, new_messages

STRAY = b"From: someone@elsewhere.example\r\nMessage-ID: <1@localhost>\r\nSubject: hello\r\n\r\nHi there.\r\n"
REPLY = (b"From: devin@tran-capital.example\r\nMessage-ID: <1@localhost>\r\nSubject: Re: hi\r\n"
         b"In-Reply-To: <sdr-1.2@outreach.example>\r\n\r\nPlease unsubscribe me.\r\n")


def _store(stored: dict[str, bytes]):
    return lambda ids: {i: content_digest(raw) for i, raw in stored.items() if i in ids}


def _ids(messages: list[tuple[str, bytes]], stored: dict[str, bytes] | None = None) -> list[str]:
    return [message_id for message_id, _, _ in new_messages(messages, _store(stored or {}))]


def test_a_different_message_with_a_taken_message_id_is_kept_under_a_derived_id():
    derived = derived_id("<1@localhost>", content_digest(REPLY))
    assert _ids([("a", STRAY), ("b", REPLY)]) == ["<1@localhost>", derived]
    assert _ids([("b", REPLY)], {"<1@localhost>": STRAY}) == [derived]
    assert derived.startswith("<sha256-") and derived.endswith(".1@localhost>")


def test_the_same_message_delivered_again_is_skipped():
    assert _ids([("a", STRAY), ("a2", STRAY)]) == ["<1@localhost>"]
    assert _ids([("a2", STRAY)], {"<1@localhost>": STRAY}) == []
    derived = derived_id("<1@localhost>", content_digest(REPLY))
    assert _ids([("b2", REPLY)], {"<1@localhost>": STRAY, derived: REPLY}) == []


def test_a_redelivery_differs_only_in_trace_fields_and_line_ends():
    relayed = (b"Received: from mx2.example by mail.example; Mon, 30 Nov 2026 09:31:00 +0000\r\n"
               b"Delivered-To: sam@outreach.example\r\n" + STRAY).replace(b"\r\n", b"\n")
    assert content_digest(relayed) == content_digest(STRAY)
    assert _ids([("a2", relayed)], {"<1@localhost>": STRAY}) == []
    edited = STRAY.replace(b"Hi there.", b"Hi there!")
    assert content_digest(edited) != content_digest(STRAY)


def test_a_message_without_message_id_is_named_by_its_bytes():
    bare = b"From: x@example.net\r\n\r\nhello\r\n"
    assert header_message_id(bare).startswith("<sha256-") and header_message_id(bare).endswith("@local>")
    assert _ids([("a", bare), ("b", bare)]) == [header_message_id(bare)]


def test_a_message_without_message_id_delivered_again_through_another_relay_is_stored_once():
    bare = b"From: x@example.net\r\nSubject: stop\r\n\r\nPlease unsubscribe me.\r\n"
    relayed = b"Received: from mx2.example by mail.example; Mon, 30 Nov 2026 09:31:00 +0000\r\n" + bare
    assert header_message_id(relayed) == header_message_id(bare)
    assert _ids([("a", bare), ("b", relayed)]) == [header_message_id(bare)]


def _stamped(seal_time: int, message: bytes = STRAY) -> bytes:
    """``message`` as a receiving provider stamps it on each delivery: its verdicts and the time."""
    return (f"ARC-Seal: i=1; a=rsa-sha256; t={seal_time}; cv=none; d=google.com; b=abc{seal_time}\r\n"
            f"ARC-Authentication-Results: i=1; mx.google.com; spf=pass t={seal_time}\r\n"
            f"Authentication-Results: mx.google.com; spf=pass smtp.mailfrom=elsewhere.example\r\n"
            f"Received-SPF: pass client-ip=192.0.2.{seal_time % 200};\r\n"
            f"X-Received: by 2002:a05 with SMTP id {seal_time}\r\n").encode() + message


def test_a_redelivery_differs_only_in_the_receivers_verdicts_and_stamps():
    assert content_digest(_stamped(1795942800)) == content_digest(_stamped(1795942861)) == content_digest(STRAY)
    assert _ids([("a2", _stamped(1795942861))], {"<1@localhost>": _stamped(1795942800)}) == []
    derived = derived_id("<1@localhost>", content_digest(REPLY))
    assert _ids([("b2", _stamped(5, REPLY))], {"<1@localhost>": STRAY, derived: _stamped(4, REPLY)}) == []


def test_a_message_stored_under_its_former_digest_is_not_stored_again():
    """A reply kept under a derived id made before the receiver's stamps were left out keeps that id."""
    former = re.compile(rb"(?:received|return-path|delivered-to|x-original-to)[ \t]*:", re.I)
    stamped = _stamped(7, REPLY)
    kept = derived_id("<1@localhost>", content_digest(stamped, former))
    assert kept != derived_id("<1@localhost>", content_digest(stamped))
    assert _ids([("b2", stamped)], {"<1@localhost>": STRAY, kept: stamped}) == []


def test_a_message_without_message_id_stored_under_its_former_digest_is_not_stored_again():
    former = re.compile(rb"(?:received|return-path|delivered-to|x-original-to)[ \t]*:", re.I)
    bare = _stamped(9, b"From: x@example.net\r\nSubject: stop\r\n\r\nPlease take me off your list.\r\n")
    kept = f"<sha256-{content_digest(bare, former)[:32]}@local>"
    assert kept != header_message_id(bare)
    assert _ids([("again", bare)], {kept: bare}) == []
