"""A mail server that offers no login method the transport speaks (Exchange's AUTH NTLM alone, or OAuth
alone) refuses our configuration, not the moment: the step fails with the reason, as a refused password
does, rather than ending green as if the server were out of reach, run after run."""

from email.message import EmailMessage

import dagster as dg
import pytest

from resources.smtp import SessionRefusedError, SmtpTransport
from tests.mail.smtp_server import RecordingHandler, start_smtp_server
from tests.reachable import REACHABLE_OPTOUTS, service_beat
from tests.send_world import World

ANN, BOB = "ann.lee@acme.example", "bob@other.example"
plain_auth = pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS:UserWarning")


class OAuthOnly(RecordingHandler):
    """Offers AUTH XOAUTH2 alone (its answer is never asked for)."""

    async def auth_XOAUTH2(self, server, args):  # noqa: N802 - aiosmtpd's naming of a mechanism
        return False


def _server():
    return start_smtp_server(OAuthOnly(), auth_required=True, auth_require_tls=False,
                             auth_exclude_mechanism=["LOGIN", "PLAIN"])


def _smtp(port: int) -> SmtpTransport:
    return SmtpTransport(host="127.0.0.1", port=port, security="none", timeout_seconds=2.0,
                         username="sam", password="s3cret")


@plain_auth
def test_no_common_login_method_is_a_permanent_refusal_of_the_session():
    message = EmailMessage()
    message["From"], message["To"], message["Subject"] = "sam@outreach.example", ANN, "Hi"
    message.set_content("Hello")
    server = _server()
    try:
        with pytest.raises(SessionRefusedError) as refused:
            _smtp(server.port).send(message)
    finally:
        server.stop()
    assert refused.value.transient is False, str(refused.value)
    assert "authentication method" in str(refused.value)


@plain_auth
def test_a_server_without_a_login_method_we_speak_fails_the_step_and_fails_no_prospect(tmp_path):
    world = World(tmp_path, [ANN, BOB], REACHABLE_OPTOUTS)
    world.decide("approve")
    service_beat(tmp_path)
    server = _server()
    try:
        with pytest.raises(dg.Failure) as failed:
            world.send_with(_smtp(server.port))
    finally:
        server.stop()
    assert "authentication method" in failed.value.description
    assert "failed" not in world.statuses().values()
    assert server.handler.delivered == []
