"""`sdr suppress probe`: a probe through the configured SMTP server to unsubscribe@, found over IMAP.

The SMTP server on 127.0.0.1 delivers what it is given for unsubscribe@ into the IMAP server's
folder when the route works, and nowhere when it does not. The replies run knows the probe for ours.
"""

import sys
from pathlib import Path


from sdr_assets.cli import app
from sdr_assets.domain.mail_optouts import known_mailboxes, optout_columns
from sdr_assets.domain.route_probe import probe_message
from sdr_assets.domain.unsubscribe import unsubscribe_token
from sdr_assets.triage.classify import classify_message
from tests.command_line import CommandLine
from tests.conftest import RUN_NOW

sys.path.insert(0, str(Path(__file__).parents[1] / "mail"))
from imap_server import ImapTestServer  # noqa: E402
from smtp_server import RecordingHandler, start_smtp_server  # noqa: E402

DOMAIN = "northwind-sales.com"
SECRET = b"s" * 32
runner = CommandLine()


class RoutingHandler(RecordingHandler):
    """Delivers mail for unsubscribe@ into ``imap``'s INBOX when ``routed``; with ``rewrite``, as a
    forward that names only the mailbox it forwards to."""

    def __init__(self, imap: ImapTestServer, routed: bool, rewrite: bool = False):
        super().__init__()
        self.imap, self.routed, self.rewrite = imap, routed, rewrite

    async def handle_DATA(self, server, session, envelope):
        answer = await super().handle_DATA(server, session, envelope)
        if self.routed and any(r.startswith("unsubscribe@") for r in envelope.rcpt_tos):
            raw = envelope.original_content
            if self.rewrite:
                raw = raw.replace(f"To: unsubscribe@{DOMAIN}".encode(), b"To: replies@mail.example")
            self.imap.append(raw)
        return answer


def _check(tmp_path, routed: bool, rewrite: bool = False, **settings: str):
    with ImapTestServer(username="reader", password="s3cret") as imap:
        imap.append(b"From: ann@acme.example\r\nMessage-ID: <old@acme.example>\r\nSubject: hi\r\n\r\nearlier\r\n")
        handler = RoutingHandler(imap, routed, rewrite)
        smtp = start_smtp_server(handler)
        try:
            env = {"SDR_DATA_DIR": str(tmp_path), "SDR_NOW": RUN_NOW, "SDR_SENDING_DOMAIN": DOMAIN,
                   "SDR_UNSUBSCRIBE_URL": f"https://optout.{DOMAIN}/unsubscribe",
                   "SDR_SMTP_HOST": "127.0.0.1", "SDR_SMTP_PORT": str(smtp.port), "SDR_SMTP_SECURITY": "none",
                   "SDR_IMAP_HOST": "127.0.0.1", "SDR_IMAP_PORT": str(imap.port), "SDR_IMAP_SECURITY": "none",
                   "SDR_IMAP_USERNAME": "reader", "SDR_IMAP_PASSWORD": "s3cret", **settings}
            result = runner.invoke(app, ["suppress", "probe", "--timeout", "1"], env=env)
        finally:
            smtp.stop()
    return result, handler


def test_mail_to_unsubscribe_found_in_the_replies_mailbox(tmp_path):
    result, handler = _check(tmp_path, routed=True)
    assert result.exit_code == 0, result.output
    assert f"Mail to unsubscribe@{DOMAIN} reaches the replies mailbox" in result.output
    assert [d["rcpt_tos"] for d in handler.delivered] == [[f"unsubscribe@{DOMAIN}"]]


def test_mail_to_unsubscribe_lost_is_one_clear_error(tmp_path):
    result, handler = _check(tmp_path, routed=False)
    assert result.exit_code == 1
    assert f"mail to unsubscribe@{DOMAIN} did not reach the replies mailbox within 1 s" in result.output
    assert "Traceback" not in result.output and len(handler.delivered) == 1


def test_a_forward_that_drops_the_unsubscribe_address_fails_the_check(tmp_path):
    result, _ = _check(tmp_path, routed=True, rewrite=True)
    assert result.exit_code == 1
    assert "reaches the replies mailbox, but names that address in none of To" in result.output


def test_a_key_that_cannot_sign_is_one_line_and_sends_nothing(tmp_path):
    (tmp_path / "dkim").mkdir()
    (tmp_path / "dkim" / "sdr.private.pem").write_text("not a key\n", encoding="utf-8")
    result, handler = _check(tmp_path, routed=True)
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit), result.exception
    assert f"the probe to unsubscribe@{DOMAIN} could not be sent: " in result.output, result.output
    assert "not a readable unencrypted PEM private key" in result.output and handler.delivered == []


def test_with_no_replies_mailbox_named_the_probe_fails_at_once(tmp_path):
    """No IMAP server and no maildir a person named: nothing delivers where the probe would look."""
    result, handler = _check(tmp_path, routed=True, SDR_IMAP_HOST="")
    assert result.exit_code == 1 and "no replies would be read: SDR_IMAP_HOST is unset" in result.output
    assert "did not reach" not in result.output and handler.delivered == []


def test_without_smtp_there_is_nothing_to_probe(tmp_path):
    result = runner.invoke(app, ["suppress", "probe"], env={"SDR_DATA_DIR": str(tmp_path), "SDR_NOW": RUN_NOW})
    assert result.exit_code == 1 and "local outbox" in result.output


def _columns(raw: bytes, secret: bytes) -> dict:
    return optout_columns(classify_message(raw), None, secret, known_mailboxes(["ann@acme.example"]))


def test_the_replies_run_ignores_its_own_probe_and_nothing_else():
    from datetime import datetime

    probe = probe_message(SECRET, f"sdr-monitor@{DOMAIN}", DOMAIN, datetime.fromisoformat(RUN_NOW)).as_bytes()
    assert _columns(probe, SECRET) | {"reason": None} == {
        "optout_targets": "[]", "optout_via": None, "kind": "other", "label": None, "needs_review": False,
        "reason": None}, "no opt-out of our own mailbox, nothing for a person"
    forwarded = probe.replace(f"To: unsubscribe@{DOMAIN}".encode(), b"To: replies@mail.example")
    assert forwarded != probe and _columns(forwarded, SECRET) == _columns(probe, SECRET), \
        "a forward that rewrites To leaves the probe a probe, for nobody to read"
    forged = _columns(probe, b"t" * 32)  # a probe not signed with our secret is mail to unsubscribe@ like any
    assert forged["optout_targets"] == f'["sdr-monitor@{DOMAIN}"]' and "kind" not in forged
    token = unsubscribe_token(SECRET, "abc123", "ann@acme.example")
    optout = (f"From: Ann <ann@acme.example>\r\nTo: unsubscribe@{DOMAIN}\r\nSubject: unsubscribe {token}\r\n"
              "Message-ID: <x@acme.example>\r\n\r\n\r\n").encode()
    assert _columns(optout, SECRET)["optout_targets"] == '["ann@acme.example"]', "an opt-out is no probe"
