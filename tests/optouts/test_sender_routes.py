"""`sdr suppress probe` proves each play's sender reaches the replies mailbox, and `sdr status` and
`sdr plays show` say which sender is not proven.

Replies, opt-outs by reply and bounces go to the address a play sends from. The SMTP server on
127.0.0.1 delivers mail for the routed addresses into the IMAP server's folder and drops the rest,
as a mailbox that is neither delivered nor forwarded there would.
"""

import shutil
import sys
from datetime import datetime
from pathlib import Path

from sdr_assets.cli import app
from sdr_assets.domain.route_probe import probe_message
from tests.command_line import CommandLine
from tests.conftest import RUN_NOW
from tests.optouts.test_mailto_route import DOMAIN, SECRET, _columns

sys.path.insert(0, str(Path(__file__).parents[1] / "mail"))
from imap_server import ImapTestServer  # noqa: E402
from smtp_server import RecordingHandler, start_smtp_server  # noqa: E402

PLAYS = Path(__file__).parents[2] / "data" / "plays"
runner = CommandLine()
ROUTED = {f"unsubscribe@{DOMAIN}", "alex@outreach.example", "sam@outreach.example"}


class RoutingHandler(RecordingHandler):
    """Delivers mail for the ``routed`` addresses into ``imap``'s INBOX; mail for any other goes elsewhere."""

    def __init__(self, imap: ImapTestServer, routed: set[str]):
        super().__init__()
        self.imap, self.routed = imap, routed

    async def handle_DATA(self, server, session, envelope):
        answer = await super().handle_DATA(server, session, envelope)
        if any(r.lower() in self.routed for r in envelope.rcpt_tos):
            self.imap.append(envelope.original_content)
        return answer


def _world(tmp_path: Path, **senders: str) -> None:
    """The shipped plays, the sender of the plays named in ``senders`` changed."""
    shutil.copytree(PLAYS, tmp_path / "plays")
    for play, address in senders.items():
        path = tmp_path / "plays" / f"{play}.yaml"
        text = path.read_text(encoding="utf-8")
        old = text.split("sender:\n", 1)[1].split("email: ", 1)[1].split("\n", 1)[0]
        path.write_text(text.replace(f"email: {old}", f"email: {address}"), encoding="utf-8")


def _session(tmp_path, commands: list[list[str]], routed=ROUTED, user: str = "reader"):
    """Each command's result against one SMTP and one IMAP server, and what the SMTP server was given."""
    with ImapTestServer(username=user, password="s3cret") as imap:
        handler = RoutingHandler(imap, routed)
        smtp = start_smtp_server(handler)
        try:
            env = {"SDR_DATA_DIR": str(tmp_path), "SDR_NOW": RUN_NOW, "SDR_SENDING_DOMAIN": DOMAIN,
                   "SDR_UNSUBSCRIBE_URL": f"https://optout.{DOMAIN}/unsubscribe",
                   "SDR_POSTAL_ADDRESS": "Northwind Sales Ltd, 1 Test Street, Springfield",
                   "SDR_SMTP_HOST": "127.0.0.1", "SDR_SMTP_PORT": str(smtp.port), "SDR_SMTP_SECURITY": "none",
                   "SDR_IMAP_HOST": "127.0.0.1", "SDR_IMAP_PORT": str(imap.port), "SDR_IMAP_SECURITY": "none",
                   "SDR_IMAP_USERNAME": user, "SDR_IMAP_PASSWORD": "s3cret"}
            results = [runner.invoke(app, command, env=env) for command in commands]
        finally:
            smtp.stop()
    return results, handler


PROBE = ["suppress", "probe", "--timeout", "1"]


def test_a_sender_whose_mail_arrives_is_proven_and_one_whose_mail_goes_elsewhere_is_reported(tmp_path):
    _world(tmp_path)
    (before, probe, after, show_lost, show_proven), handler = _session(tmp_path, [
        ["status"], PROBE, ["status"], ["plays", "show", "series-b-funding"], ["plays", "show", "revops-hiring"]])
    assert before.exit_code == 0, before.output
    for sender in ("alex", "sam", "jordan"):
        assert f"mail to {sender}@outreach.example (the sender of " in before.output
    assert "has never been proven to reach the replies mailbox" in before.output
    assert probe.exit_code == 1, probe.output
    assert ("Mail to alex@outreach.example (the sender of data-stack-adopters) reaches the replies mailbox"
            in probe.output)
    assert f"Mail to unsubscribe@{DOMAIN} reaches the replies mailbox" in probe.output
    assert ("mail to jordan@outreach.example did not reach the replies mailbox within 1 s" in probe.output
            and "(the sender of series-b-funding) are never read" in probe.output), probe.output
    assert sorted(r for d in handler.delivered for r in d["rcpt_tos"]) == sorted(
        [f"unsubscribe@{DOMAIN}", "alex@outreach.example", "sam@outreach.example", "jordan@outreach.example"])
    assert after.exit_code == 0 and "Traceback" not in after.output, after.output
    assert ("warning: mail to jordan@outreach.example (the sender of series-b-funding) did not reach the replies "
            "mailbox when last probed") in after.output, after.output
    assert "sdr suppress probe" in after.output
    assert "alex@outreach.example" not in after.output and "sam@outreach.example" not in after.output
    assert show_lost.exit_code == 0 and "warning: mail to jordan@outreach.example" in show_lost.output
    assert show_proven.exit_code == 0 and "warning: mail to" not in show_proven.output


def test_plays_that_share_a_sender_are_probed_once_and_its_last_probe_counts(tmp_path):
    _world(tmp_path, **{"data-stack-adopters": "Sam@outreach.example"})
    (lost,), _ = _session(tmp_path, [PROBE], routed={f"unsubscribe@{DOMAIN}", "alex@outreach.example"})
    assert lost.exit_code == 1
    (probe, status), handler = _session(tmp_path, [PROBE, ["status"]], routed=ROUTED | {"jordan@outreach.example"})
    assert probe.exit_code == 0, probe.output
    assert [d["rcpt_tos"] for d in handler.delivered].count(["Sam@outreach.example"]) == 1
    assert not any("sam@outreach.example" in d["rcpt_tos"] for d in handler.delivered)
    assert "(the sender of data-stack-adopters, revops-hiring) reaches the replies mailbox" in probe.output
    assert "warning: mail to" not in status.output, status.output


def test_the_replies_mailbox_a_sender_logs_in_as_needs_no_probe(tmp_path):
    _world(tmp_path)
    (probe, status), handler = _session(tmp_path, [PROBE, ["status"]], user="jordan@outreach.example")
    assert probe.exit_code == 0, probe.output
    assert "jordan@outreach.example" not in {r for d in handler.delivered for r in d["rcpt_tos"]}
    assert ("Mail to jordan@outreach.example (the sender of series-b-funding) needs no probe: it is the replies "
            "mailbox's own account") in probe.output
    assert "warning: mail to" not in status.output, status.output


def test_a_sender_the_mail_server_refuses_is_reported_and_the_others_are_probed(tmp_path):
    _world(tmp_path, **{"series-b-funding": "rejected-desk@outreach.example"})
    (probe, status), handler = _session(tmp_path, [PROBE, ["status"]])
    assert probe.exit_code == 1 and "Traceback" not in probe.output, probe.output
    assert "the mail server refused the probe to rejected-desk@outreach.example: " in probe.output
    assert "Mail to sam@outreach.example (the sender of revops-hiring) reaches the replies mailbox" in probe.output
    assert ("warning: mail to rejected-desk@outreach.example (the sender of series-b-funding) did not reach"
            in status.output), status.output


def test_the_replies_run_ignores_a_probe_of_a_sender():
    probe = probe_message(SECRET, f"sdr-monitor@{DOMAIN}", DOMAIN, datetime.fromisoformat(RUN_NOW),
                          to="jordan@outreach.example")
    assert probe["To"] == "jordan@outreach.example"
    assert _columns(probe.as_bytes(), SECRET) | {"reason": None} == {
        "optout_targets": "[]", "optout_via": None, "kind": "other", "label": None, "needs_review": False,
        "reason": None}, "no reply, no opt-out, nothing for a person"


def test_mail_through_the_local_outbox_warns_of_no_sender(tmp_path):
    """The local outbox reaches nobody, so nobody replies to a sender: nothing to prove."""
    _world(tmp_path)
    status = runner.invoke(app, ["status"], env={"SDR_DATA_DIR": str(tmp_path), "SDR_NOW": RUN_NOW})
    assert status.exit_code == 0 and "warning: mail to" not in status.output, status.output
