"""A recipient whose local part is not ASCII, over a mail server without SMTPUTF8 (as Amazon SES).

The server cannot carry the address: its limit, not the person's. The draft was recorded ``failed``
for good, as an unknown user would be, and its sequence cut short. Now it shows ``held`` with the
reason, in ``sdr status`` too, is never counted as a deferral, and goes once the server can take it.
"""

import sys
from pathlib import Path

import pytest

from resources.smtp import SessionRefusedError, SmtpTransport
from sdr_assets import send_deferrals
from sdr_assets.domain.messages import build_message
from sdr_assets.send_loop import REFUSED_SESSION, _hand_over
from sdr_assets.status import collect_status
from tests.reachable import REACHABLE_OPTOUTS, service_beat
from tests.send_world import PLAY, START, World

sys.path.insert(0, str(Path(__file__).parent / "mail"))
from smtp_server import RecordingHandler, start_smtp_server  # noqa: E402

PEOPLE = ["p0@firm0.example", "josé@firm1.example"]


def _smtp(port: int) -> SmtpTransport:
    return SmtpTransport(host="127.0.0.1", port=port, security="none", timeout_seconds=2.0)


def _send(world: World, **server_options) -> RecordingHandler:
    server = start_smtp_server(RecordingHandler(), **server_options)
    try:
        world.send_with(_smtp(server.port))
    finally:
        server.stop()
    return server.handler


def test_a_recipient_the_server_cannot_carry_waits_held_and_goes_once_it_can(tmp_path):
    world = World(tmp_path, PEOPLE, REACHABLE_OPTOUTS)
    world.decide("approve")
    service_beat(tmp_path)
    for _ in range(2):  # each run asks again, and sends nothing for her
        handler = _send(world, enable_SMTPUTF8=False)
        assert PEOPLE[1] not in handler.rcpts
        assert world.statuses() == {PEOPLE[0]: "sent", PEOPLE[1]: "held"}
    with world.warehouse.connect() as con:
        assert send_deferrals.counts(con, PLAY, world.now) == {}
        (reason,) = con.execute("select reason from send_ledger where status = 'held'").fetchone()
    assert reason.startswith(send_deferrals.RELAY_PREFIX) and "SMTPUTF8" in reason and PEOPLE[1] in reason
    status = collect_status(world.warehouse, world.resources["paths"], world.now, policy=world.resources["policy"])
    assert [(h["contact_email"], h["reason"]) for h in status["held_by_server"]] == [(PEOPLE[1], reason)]
    handler = _send(world)  # a server that offers SMTPUTF8
    assert [d["rcpt_tos"] for d in handler.delivered] == [[PEOPLE[1]]]
    assert world.statuses() == {PEOPLE[0]: "sent", PEOPLE[1]: "sent"}


def test_a_sender_the_server_cannot_carry_ends_the_batch_and_fails_no_recipient():
    message = build_message(
        secret=b"k" * 32, send_key="c" * 24, sender_name="José Carter",
        sender_email="josé@northwind-sales.com", postal_address="1 Test Street", to_name="Ana Lima",
        to_email="ana@acme.example", subject="Hello Ana", body="Hi Ana.", sent_at=START,
        sending_domain="northwind-sales.com", unsubscribe_url="https://optout.northwind-sales.com/u")
    server = start_smtp_server(RecordingHandler(), enable_SMTPUTF8=False)
    try:
        with _smtp(server.port).connection() as session:
            with pytest.raises(SessionRefusedError, match="SMTPUTF8, which the sender josé@"):
                session.send(message)
            status, reason, *_ = _hand_over(message, session)
    finally:
        server.stop()
    assert status == REFUSED_SESSION, reason
    assert server.handler.rcpts == []
