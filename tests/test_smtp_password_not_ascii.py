"""An SMTP user name or password that is not ASCII, as a real one may be, is our configuration's fault:
the step fails in one line that does not show it, and no prospect of the batch is recorded failed."""

import dagster as dg
import pytest
from aiosmtpd.smtp import AuthResult

from resources.smtp import SmtpTransport
from tests.mail.smtp_server import RecordingHandler, start_smtp_server
from tests.reachable import REACHABLE_OPTOUTS, service_beat
from tests.send_world import World

ANN, BOB, CY = "ann.lee@acme.example", "bob@other.example", "cy@third.example"
PASSWORD = "Grüße-Zürich-2026"
plain_auth = pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS:UserWarning")


@plain_auth
def test_a_password_the_login_cannot_carry_fails_the_step_not_the_prospects(tmp_path):
    world = World(tmp_path, [ANN, BOB, CY], REACHABLE_OPTOUTS)
    world.decide("approve")
    service_beat(tmp_path)
    server = start_smtp_server(RecordingHandler(), authenticator=lambda *args: AuthResult(success=False),
                               auth_required=True, auth_require_tls=False)
    try:
        with pytest.raises(dg.Failure) as failed:
            world.send_with(SmtpTransport(host="127.0.0.1", port=server.port, security="none", timeout_seconds=2.0,
                                          username="sam", password=PASSWORD))
    finally:
        server.stop()
    statuses = world.statuses()
    assert "failed" not in statuses.values(), f"prospects recorded failed for our password: {statuses}"
    assert "not ASCII" in failed.value.description
    assert not any(c in failed.value.description for c in "üßÜ") and "\\xfc" not in failed.value.description
    assert server.handler.rcpts == []
