"""Audit (opt-outs and authentication): ways a person who asked us to stop could be mailed again."""

from __future__ import annotations

import email
import email.policy
import email.utils
from datetime import UTC, datetime

import pytest

from tests.send_world import CONTACTS, SENDER, Spelling, World


def _outbox_file(world: World, message_id: str) -> email.message.EmailMessage:
    for folder in ("new", "cur"):
        for path in (world.root / "outbox" / folder).iterdir():
            parsed = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
            if str(parsed["Message-ID"]).strip() == message_id:
                return parsed
    raise AssertionError(f"{message_id} is not in the outbox")


def _redacted_complaint(original: email.message.EmailMessage, at: datetime) -> bytes:
    """An AOL/Yahoo-style abuse report: the recipient redacted, the attached original's Message-ID the
    one the relay gave it (ours rewritten), its other headers, our signed List-Unsubscribe among them,
    as they were delivered."""
    unsubscribe = " ".join(str(original["List-Unsubscribe"]).split())
    boundary = "ARF-redacted-1"
    return (f"From: Feedback Loop <fbl@isp.example>\r\nTo: {SENDER}\r\nSubject: Abuse report\r\n"
            f"Date: {email.utils.format_datetime(at)}\r\nMessage-ID: <fbl-1@isp.example>\r\nMIME-Version: 1.0\r\n"
            f'Content-Type: multipart/report; report-type=feedback-report; boundary="{boundary}"\r\n\r\n'
            f"--{boundary}\r\nContent-Type: text/plain\r\n\r\nThis is an email abuse report.\r\n"
            f"--{boundary}\r\nContent-Type: message/feedback-report\r\n\r\nFeedback-Type: abuse\r\n"
            f"User-Agent: isp/1.0\r\nVersion: 1\r\nRedacted-Address: redacted\r\n\r\n"
            f"--{boundary}\r\nContent-Type: message/rfc822\r\n\r\nFrom: {SENDER}\r\nTo: redacted@isp.example\r\n"
            f"Subject: Hello\r\nMessage-ID: <0100018c1f2e3d4c-relay@email.relay.example>\r\n"
            f"List-Unsubscribe: {unsubscribe}\r\nList-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n\r\n"
            f"Hi\r\n--{boundary}--\r\n").encode("utf-8")


@pytest.mark.xfail(strict=True, reason="audit: a complaint proven only by the signed token in the attached "
                   "original's List-Unsubscribe (Message-ID rewritten, recipient redacted) suppresses nobody")
def test_a_complaint_whose_original_carries_only_our_signed_token_suppresses_the_complainant(tmp_path):
    world = World(tmp_path, [Spelling().write(*c) for c in CONTACTS])
    world.decide("approve")
    assert world.send() == "sent"
    first = world.outbox()
    assert len(first) == 4
    complainer = first[2]
    world.deliver(_redacted_complaint(_outbox_file(world, complainer.message_id), world.now))
    world.advance(60 * 24 * 3)  # the follow-ups are due
    world.process()
    assert world.suppressed(complainer.address), (
        "the report's attached original carries our signed token naming her, yet she is not suppressed")
    world.send()
    again = [s for s in world.outbox()[4:] if s.mailbox == complainer.mailbox]
    assert not again, f"{complainer.address} complained and was mailed again: {again}"


def test_mail_over_smtp_is_refused_while_no_unsubscribe_service_answers_its_links(tmp_path):
    import sys
    from pathlib import Path

    import dagster as dg

    from tests.reachable import REACHABLE_OPTOUTS
    from tests.test_smtp_pipeline import _send_over_smtp

    sys.path.insert(0, str(Path(__file__).parent / "mail"))
    from smtp_server import RecordingHandler, start_smtp_server

    world = World(tmp_path, ["ann.lee@acme.example"], dict(REACHABLE_OPTOUTS))
    world.decide("approve")
    assert not (tmp_path / "optouts").exists(), "`sdr serve` never ran on this data folder"
    handler = RecordingHandler()
    server = start_smtp_server(handler)
    try:
        with pytest.raises(dg.Failure) as refused:
            _send_over_smtp(world, server.port)
    finally:
        server.stop()
    assert handler.delivered == [], "mail went out whose one-click link nothing answers"
    assert "sdr serve" in refused.value.description
