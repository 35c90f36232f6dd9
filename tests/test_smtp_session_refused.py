"""A mail server that refuses the sender's session (the login, TLS, the sender) or cannot be reached
ends the batch and releases every claim: no prospect is recorded `failed` for our own configuration,
and once it is fixed the same messages go out, once each."""

import socket
import threading

import dagster as dg
import pytest
from aiosmtpd.smtp import AuthResult, LoginPassword

from resources.smtp import SmtpTransport
from tests.reachable import REACHABLE_OPTOUTS, service_beat
from tests.mail.smtp_server import RecordingHandler, start_smtp_server
from tests.send_world import World

ANN, BOB, CY = "ann.lee@acme.example", "bob@other.example", "cy@third.example"
plain_auth = pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS:UserWarning")


def _auth(server, session, envelope, mechanism, auth_data):
    ok = isinstance(auth_data, LoginPassword) and (auth_data.login, auth_data.password) == (b"sam", b"s3cret")
    return AuthResult(success=ok, handled=False)  # aiosmtpd answers 535 itself


def _smtp(port: int, password: str | None = None) -> SmtpTransport:
    return SmtpTransport(host="127.0.0.1", port=port, security="none", timeout_seconds=2.0,
                         username="sam" if password else None, password=password)




@plain_auth
def test_a_refused_login_fails_the_step_with_the_reason_and_the_fixed_password_sends_each_once(tmp_path):
    world = World(tmp_path, [ANN, BOB, CY], REACHABLE_OPTOUTS)
    world.decide("approve")
    service_beat(tmp_path)
    server = start_smtp_server(RecordingHandler(), authenticator=_auth, auth_required=True,
                               auth_require_tls=False)
    try:
        with pytest.raises(dg.Failure) as failed:
            world.send_with(_smtp(server.port, password="rotated-yesterday"))
        assert "refused the sender's session" in failed.value.description
        assert "535" in failed.value.description and "rotated-yesterday" not in failed.value.description
        assert "3 message(s) not sent wait for the next run" in failed.value.description
        assert "failed" not in world.statuses().values()
        assert server.handler.delivered == []

        world.send_with(_smtp(server.port, password="s3cret"))
        world.send_with(_smtp(server.port, password="s3cret"))
    finally:
        server.stop()
    assert sorted(d["rcpt_tos"][0] for d in server.handler.delivered) == sorted([ANN, BOB, CY])
    assert set(world.statuses().values()) == {"sent"}


def test_a_server_that_drops_every_connection_ends_the_batch_after_one_try_without_failing_anyone(tmp_path):
    world = World(tmp_path, [ANN, BOB, CY], REACHABLE_OPTOUTS)
    world.decide("approve")
    service_beat(tmp_path)
    accepted = []
    listener = socket.create_server(("127.0.0.1", 0))

    def drop_each() -> None:
        while True:
            try:
                conn, _ = listener.accept()
            except OSError:
                return
            accepted.append(conn)
            conn.close()  # before the greeting

    threading.Thread(target=drop_each, daemon=True).start()
    try:
        result = world.send_with(_smtp(listener.getsockname()[1]))
    finally:
        listener.close()
    assert len(accepted) == 1, "each message after the first would have tried the same server again"
    assert "cannot reach SMTP server" in str(result.metadata["halted"])
    assert result.metadata["sent_this_run"] == 0
    assert "failed" not in world.statuses().values() and "sending" not in world.statuses().values()


def test_a_refused_recipient_fails_that_prospect_alone_and_the_batch_goes_on(tmp_path):
    rejected = "reject.bob@other.example"  # the test server answers 550 at RCPT
    world = World(tmp_path, [ANN, rejected, CY], REACHABLE_OPTOUTS)
    world.decide("approve")
    service_beat(tmp_path)
    server = start_smtp_server(RecordingHandler())
    try:
        world.send_with(_smtp(server.port))
    finally:
        server.stop()
    assert world.statuses() == {ANN: "sent", rejected: "failed", CY: "sent"}
