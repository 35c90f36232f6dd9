"""A mail server that answers RCPT with 550 5.1.1 (no such user) has told us the address does not
exist, as a hard-bounce report does: the address is suppressed for every play, not only recorded as
one play's ``failed`` step, or every other play would hand the dead address to SMTP again."""

from datetime import UTC, datetime

import dagster as dg
import pytest

from resources.smtp import SmtpTransport
from sdr_assets.send_loop import _hard_refusals
from sdr_assets.sends import send_for_play
from tests.mail.smtp_server import RecordingHandler, start_smtp_server
from tests.reachable import service_beat
from tests.send_world import PLAY, SENDER, _send_context, reachable_world
from tests.test_cross_play_sequences import OTHER, _add_second_play

DEAD = "reject.me@acme.example"  # RecordingHandler answers RCPT for reject* with 550 5.1.1


def _send(world, name: str, port: int) -> None:
    service_beat(world.root)
    smtp = SmtpTransport(host="127.0.0.1", port=port, security="none", timeout_seconds=1.0)
    try:
        send_for_play(_send_context(), name, warehouse=world.warehouse, paths=world.resources["paths"],
                      policy=world.resources["policy"], mail=smtp)
    except dg.Failure as exc:
        raise AssertionError(exc.description) from None


def test_an_address_the_server_said_does_not_exist_is_not_mailed_by_another_play(tmp_path):
    world = reachable_world(tmp_path, DEAD)
    _add_second_play(world, SENDER)
    handler = RecordingHandler()
    server = start_smtp_server(handler)
    try:
        _send(world, PLAY, server.port)
        with world.warehouse.connect() as con:
            assert con.execute("select play, step, status from send_ledger").fetchall() == [(PLAY, 1, "failed")]
        world.advance(3 * 24 * 60)
        _send(world, OTHER, server.port)
    finally:
        server.stop()
    with world.warehouse.connect() as con:
        rows = con.execute("select play, step, status, reason from send_ledger order by play").fetchall()
    assert handler.rcpts == [DEAD], (
        f"the server said 550 5.1.1 no such user for {DEAD}, yet '{OTHER}' offered it to SMTP again: {rows}")
    with world.warehouse.connect() as con:
        assert con.execute("select target, action, reason, recorded_by from suppression_events").fetchall() == [
            (DEAD, "add", "hard_bounce", "system")]


@pytest.mark.parametrize(("code", "text", "suppressed"), [
    (550, "5.1.1 No such user here", True),
    (550, "Requested action not taken: mailbox unavailable (user unknown)", True),
    (553, "5.1.2 Host or domain name not found", True),
    (550, "5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient not found by SMTP address lookup", True),
    (550, "5.7.1 Service unavailable; client host blocked using Spamhaus", False),
    (550, "5.7.1 Relaying denied", False),
    (552, "5.2.2 Mailbox full", False),
    (450, "4.1.1 Recipient address rejected: temporarily unverifiable", False),
])
def test_only_a_permanent_refusal_that_the_address_does_not_exist_suppresses_it(code, text, suppressed):
    events = _hard_refusals("k1", {"Ann@Acme.example": (code, text)}, datetime(2026, 11, 20, tzinfo=UTC))
    assert [(e.target, e.reason, e.source) for e in events] == (
        [("ann@acme.example", "hard_bounce", "k1")] if suppressed else [])
