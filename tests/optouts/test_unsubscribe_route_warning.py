"""While mail goes out over SMTP, `sdr status` warns of the unsubscribe@ route (the List-Unsubscribe
mailto) as of a play's sender: never proven by `sdr suppress probe`, or its last probe did not arrive
or arrived naming unsubscribe@ nowhere triage looks. The local outbox reaches nobody: no warning."""

import json

from sdr_assets.cli import app
from tests.command_line import CommandLine
from tests.conftest import RUN_NOW
from tests.optouts.test_mailto_route import DOMAIN
from tests.optouts.test_sender_routes import PROBE, ROUTED, RoutingHandler, _session, _world

runner = CommandLine()
UNSUBSCRIBE = f"unsubscribe@{DOMAIN}"


def test_status_warns_of_the_unsubscribe_route_until_a_probe_proves_it(tmp_path):
    _world(tmp_path)
    everything = ROUTED | {"jordan@outreach.example"}
    (before, lost, after_lost), _ = _session(tmp_path, [["status"], PROBE, ["status", "--json"]],
                                             routed=everything - {UNSUBSCRIBE})
    assert before.exit_code == 0, before.output
    assert f"warning: mail to {UNSUBSCRIBE} (the List-Unsubscribe mailto) has never been proven" in before.output
    assert lost.exit_code == 1
    route = json.loads(after_lost.output)["unsubscribe_route_not_proven"]
    assert route["address"] == UNSUBSCRIBE and route["last_failed_probe"], route
    assert "did not reach the replies mailbox when last probed" in route["line"]
    (probe, after), _ = _session(tmp_path, [PROBE, ["status", "--json"]], routed=everything)
    assert probe.exit_code == 0, probe.output
    shown = json.loads(after.output)
    assert shown["unsubscribe_route_not_proven"] is None and shown["senders_not_proven"] == [], shown


class RewritingHandler(RoutingHandler):
    """Delivers as :class:`RoutingHandler`, as a forward that names only the mailbox it forwards to."""

    async def handle_DATA(self, server, session, envelope):
        envelope.original_content = envelope.original_content.replace(
            f"To: {UNSUBSCRIBE}".encode(), b"To: replies@mail.example")
        return await super().handle_DATA(server, session, envelope)


def test_an_unsubscribe_probe_that_arrives_without_naming_the_address_is_no_proof(tmp_path, monkeypatch):
    _world(tmp_path)
    monkeypatch.setattr("tests.optouts.test_sender_routes.RoutingHandler", RewritingHandler)
    (probe, status), _ = _session(tmp_path, [PROBE, ["status"]], routed=ROUTED | {"jordan@outreach.example"})
    assert probe.exit_code == 1 and "names that address in none of To" in probe.output, probe.output
    assert f"warning: mail to {UNSUBSCRIBE} (the List-Unsubscribe mailto) did not reach" in status.output, \
        status.output


def test_the_local_outbox_warns_of_no_unsubscribe_route(tmp_path):
    _world(tmp_path)
    status = runner.invoke(app, ["status", "--json"], env={"SDR_DATA_DIR": str(tmp_path), "SDR_NOW": RUN_NOW})
    assert status.exit_code == 0, status.output
    assert json.loads(status.output)["unsubscribe_route_not_proven"] is None
