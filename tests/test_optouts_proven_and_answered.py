"""Ways a person who asked us to stop could be mailed again: a complaint proven only by our signed
token, and live mail while no `sdr serve` answers its links."""

from __future__ import annotations

import email
import email.policy
import email.utils
import hashlib
from datetime import datetime

import pytest

from resources.warehouse import frame_of
from sdr_assets.domain.deliverability import PAUSE, window_readings
from sdr_assets.domain.unsubscribe import unsubscribe_token
from sdr_assets.monitor_data import send_outcomes, sends_with_verdicts
from sdr_assets.status import collect_status
from sdr_assets.triage import classify_message
from tests.send_world import PLAY, SENDER, Sent, World, first_emails_sent


def _outbox_file(world: World, message_id: str) -> email.message.EmailMessage:
    for folder in ("new", "cur"):
        for path in (world.root / "outbox" / folder).iterdir():
            parsed = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
            if str(parsed["Message-ID"]).strip() == message_id:
                return parsed
    raise AssertionError(f"{message_id} is not in the outbox")


def _relayed_complaint(original: email.message.EmailMessage, at: datetime, recipient: str | None = None,
                       unsubscribe: str | None = None) -> bytes:
    """An abuse report whose attached original's Message-ID is the one a relay gave it (ours rewritten),
    with its other headers, our signed List-Unsubscribe (or ``unsubscribe``) among them, as they were
    delivered. Without ``recipient`` it is redacted, as AOL/Yahoo-style loops do."""
    unsubscribe = unsubscribe or " ".join(str(original["List-Unsubscribe"]).split())
    boundary = "ARF-redacted-1"
    named = f"Original-Rcpt-To: {recipient}\r\n" if recipient else "Redacted-Address: redacted\r\n"
    report_id = hashlib.sha256(unsubscribe.encode()).hexdigest()[:16]
    return (f"From: Feedback Loop <fbl@isp.example>\r\nTo: {SENDER}\r\nSubject: Abuse report\r\n"
            f"Date: {email.utils.format_datetime(at)}\r\nMessage-ID: <fbl-{report_id}@isp.example>\r\n"
            f"MIME-Version: 1.0\r\n"
            f'Content-Type: multipart/report; report-type=feedback-report; boundary="{boundary}"\r\n\r\n'
            f"--{boundary}\r\nContent-Type: text/plain\r\n\r\nThis is an email abuse report.\r\n"
            f"--{boundary}\r\nContent-Type: message/feedback-report\r\n\r\nFeedback-Type: abuse\r\n"
            f"User-Agent: isp/1.0\r\nVersion: 1\r\n{named}\r\n"
            f"--{boundary}\r\nContent-Type: message/rfc822\r\n\r\nFrom: {SENDER}\r\n"
            f"To: {recipient or 'redacted@isp.example'}\r\n"
            f"Subject: Hello\r\nMessage-ID: <0100018c1f2e3d4c-relay@email.relay.example>\r\n"
            f"List-Unsubscribe: {unsubscribe}\r\nList-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n\r\n"
            f"Hi\r\n--{boundary}--\r\n").encode("utf-8")


def _classified(world: World) -> list[dict]:
    with world.warehouse.connect() as con:
        return frame_of(con, "select send_key, play, contact_email, kind from reply_classifications "
                             "where kind = 'complaint'").to_dicts()


def _follow_ups(world: World, first: Sent) -> list[Sent]:
    """What her mailbox was sent after ``first``: the outbox's files are not in the order they were sent."""
    return [s for s in world.outbox() if s.mailbox == first.mailbox and s.send_key != first.send_key]


def _status(world: World) -> dict:
    return collect_status(world.warehouse, world.resources["paths"], world.now, policy=world.resources["policy"])


@pytest.fixture
def world(tmp_path):
    world = first_emails_sent(tmp_path)
    return world


def test_a_complaint_whose_original_carries_only_our_signed_token_suppresses_the_complainant(world):
    complainer = world.outbox()[2]
    world.deliver(_relayed_complaint(_outbox_file(world, complainer.message_id), world.now))
    world.advance(60 * 24 * 3)  # the follow-ups are due
    world.process()
    assert world.suppressed(complainer.address) == "complaint", (
        "the report's attached original carries our signed token naming her, yet she is not suppressed")
    world.send()
    again = _follow_ups(world, complainer)
    assert not again, f"{complainer.address} complained and was mailed again: {again}"


def test_a_complaint_that_keeps_her_address_but_lost_our_message_id_is_matched_by_its_token(world):
    """Not an unverified complaint a person may lift and the rates leave out: the token proves it."""
    complainer = world.outbox()[1]
    world.deliver(_relayed_complaint(_outbox_file(world, complainer.message_id), world.now, complainer.address))
    world.process()
    assert world.suppressed(complainer.address) == "complaint"
    assert _classified(world) == [{"send_key": complainer.send_key, "play": PLAY,
                                   "contact_email": complainer.address, "kind": "complaint"}]
    counts = _status(world)["sends_by_play"][PLAY]
    assert (counts["complaints"], counts["unverified_complaints"]) == (1, 0)


def test_three_complaints_proven_only_by_their_tokens_pause_the_mailbox(world):
    for sent in world.outbox()[:3]:
        world.deliver(_relayed_complaint(_outbox_file(world, sent.message_id), world.now))
    world.advance(60 * 24 * 3)
    world.process()
    with world.warehouse.connect() as con:
        readings = window_readings(send_outcomes(sends_with_verdicts(con)), world.now,
                                   world.resources["policy"].deliverability_limits())
    assert ("mailbox", PAUSE) in {(r.scope, r.state) for r in readings}
    outcome = world.send()
    assert outcome.startswith("refused: sending paused"), outcome
    assert _status(world)["unverified_complaints"]["count"] == 0


def test_a_complaint_whose_token_does_not_verify_suppresses_only_the_address_it_names(world):
    """A token signed with another secret, naming her and her send, is a forgery: it adds nothing."""
    complainer = world.outbox()[2]
    forged = unsubscribe_token(b"not-the-project-secret", complainer.send_key, complainer.address)
    header = f"<https://unsubscribe.outreach.example/u/{forged}>"
    report = _relayed_complaint(_outbox_file(world, complainer.message_id), world.now, unsubscribe=header)
    assert forged in classify_message(report).unsubscribe_tokens
    world.deliver(report)
    world.advance(60 * 24 * 3)
    world.process()
    assert world.suppressed(complainer.address) is None
    assert world.suppressed("redacted@isp.example") == "unmatched_complaint"
    assert _classified(world) == [{"send_key": None, "play": None, "contact_email": None, "kind": "complaint"}]
    assert world.send() == "sent"
    assert _follow_ups(world, complainer), "her follow-up went out"


def test_mail_over_smtp_is_refused_while_no_unsubscribe_service_answers_its_links(tmp_path):
    from tests.reachable import REACHABLE_OPTOUTS
    from tests.send_world import refused_over_smtp

    world = World(tmp_path, ["ann.lee@acme.example"], dict(REACHABLE_OPTOUTS))
    world.decide("approve")
    assert not (tmp_path / "optouts").exists(), "`sdr serve` never ran on this data folder"
    handler, refused = refused_over_smtp(world)
    assert handler.delivered == [], "mail went out whose one-click link nothing answers"
    assert "sdr serve" in refused.description
