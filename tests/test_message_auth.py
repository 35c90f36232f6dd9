"""Mail that a provider trusts, end to end: through a real SMTP server on 127.0.0.1, every message
carries its unsubscribe headers, postal address and a DKIM signature that verifies against the
record `sdr dkim record` prints; follow-ups thread in the bytes as sent; unsafe drafts are held and
the batch goes on."""

import os
import stat
import sys
from datetime import datetime, timedelta
from email import message_from_bytes
from email.policy import compat32, default as default_policy
from pathlib import Path

import dagster as dg
import dkim
import pytest

from resources.defaults import build_resources
from resources.secret import load_secret
from resources.smtp import SmtpTransport
from sdr_assets.assembly import build_definitions
from sdr_assets.cli import app
from tests.approving import approve
from tests.command_line import CommandLine
from tests.reachable import REACHABLE_OPTOUTS, service_beat
from sdr_assets.domain.unsubscribe import read_unsubscribe_token
from sdr_assets.play_graph import job_name, play_graph

sys.path.insert(0, str(Path(__file__).parent / "mail"))
from smtp_server import RecordingHandler, start_smtp_server  # noqa: E402

PLAY = "revops-hiring"
# Over SMTP the opt-outs go to a domain recipients reach; the sender's own domain signs.
OVER_SMTP = {**REACHABLE_OPTOUTS, "SDR_DKIM_DOMAIN": "outreach.example"}
REQUIRED = ("From", "To", "Subject", "Date", "Message-ID", "List-Unsubscribe", "List-Unsubscribe-Post",
            "DKIM-Signature")


def _dkim_init(env: dict[str, str]) -> str:
    runner = CommandLine()
    assert runner.invoke(app, ["dkim", "init"], env=env).exit_code == 0
    record = runner.invoke(app, ["dkim", "record", "--value"], env=env)
    assert record.exit_code == 0, record.output
    return record.output.strip()


def _dns(record: str, name: str):
    def lookup(qname, timeout=5):
        return record.encode() if qname.decode().rstrip(".") == name else None
    return lookup


def _outreach(defs, instance) -> None:
    result = defs.resolve_job_def(job_name(PLAY)).execute_in_process(instance=instance)
    assert result.success


def _smtp(resources, port: int) -> dict:
    mail = resources["mail"]
    return {**resources, "mail": SmtpTransport(host="127.0.0.1", port=port, security="none", timeout_seconds=5.0,
                                               dkim_key_path=mail.dkim_key_path, dkim_selector=mail.dkim_selector,
                                               dkim_domain=mail.dkim_domain)}


@pytest.mark.opening("signals_ran")
def test_every_message_is_signed_unsubscribable_and_follow_ups_thread(environ, data_dir, instance):
    env = environ(**OVER_SMTP)
    service_beat(data_dir)
    record = _dkim_init(env)
    key_file = data_dir / "dkim" / "sdr.private.pem"
    assert stat.S_IMODE(os.stat(key_file).st_mode) == 0o600
    assert record.startswith("v=DKIM1; k=rsa; p=")
    later = (datetime.fromisoformat(env["SDR_NOW"]) + timedelta(days=6)).isoformat()
    handler = RecordingHandler()
    server = start_smtp_server(handler)
    try:
        resources = build_resources(env)
        approve(resources, PLAY)
        defs = build_definitions(_smtp(resources, server.port))
        _outreach(defs, instance)
        _outreach(build_definitions(_smtp(build_resources(environ(**OVER_SMTP, SDR_NOW=later)), server.port)), instance)
    finally:
        server.stop()

    secret = load_secret(data_dir)
    dns = _dns(record, "sdr._domainkey.outreach.example")
    received = [(d["raw"], message_from_bytes(d["raw"], policy=default_policy)) for d in handler.delivered]
    assert len(received) > 5
    assert len({m["Message-ID"] for _, m in received}) == len(received), "each Message-ID is unique"
    for raw, msg in received:
        for header in REQUIRED:
            assert msg[header], (header, msg["Message-ID"])
        assert dkim.verify(raw, dnsfunc=dns), msg["Message-ID"]
        signed = dkim.DKIM(raw).verify(dnsfunc=dns) and raw.split(b"h=", 1)[1].split(b";", 1)[0].lower()
        for header in REQUIRED[:-1]:
            assert header.lower().encode() in signed, header
        link, mailto = [part.strip(" <>") for part in str(msg["List-Unsubscribe"]).split(",")]
        assert link.startswith("https://") and mailto.startswith("mailto:")
        request = read_unsubscribe_token(secret, link.rsplit("/", 1)[1])
        assert request.address == msg["To"].addresses[0].addr_spec
        body = msg.get_content()
        assert link in body and "1 Test Street" in body
        tampered = raw.replace(b"Subject: ", b"Subject: X", 1)
        assert not dkim.verify(tampered, dnsfunc=dns), "the signature covers the subject"

    firsts = {m["To"].addresses[0].addr_spec: m for _, m in received if not m["In-Reply-To"]}
    follow_ups = [(raw, m) for raw, m in received if m["In-Reply-To"]]
    assert follow_ups, "step 3 was due six days later"
    assert not any(str(m["Subject"]).lower().startswith("re:") for m in firsts.values())
    for raw, msg in follow_ups:
        first = firsts[msg["To"].addresses[0].addr_spec]
        # Mail programs thread on the bytes as sent, which must not be RFC 2047 encoded-words.
        as_sent = message_from_bytes(raw, policy=compat32)
        assert str(as_sent["In-Reply-To"]).strip() == first["Message-ID"] == str(as_sent["References"]).strip()
        assert msg["Subject"] == f"Re: {first['Subject']}"


BAD = {
    "crlf-name": ("contact_name", "Ana\r\nBcc: victim@elsewhere.example"),
    "lf-subject": ("subject", "Hello\nX-Injected: yes"),
    "nul-name": ("contact_name", "Ana\x00Lima"),
    "escape-subject": ("subject", "Hi \x1b[2J there"),
    "u2028-name": ("contact_name", "Ana\u2028Lima"),
    "overlong-subject": ("subject", "S" * 600),
    "overlong-name": ("contact_name", "N" * 300),
}


@pytest.mark.opening("signals_ran")
def test_unsafe_drafts_are_held_with_a_reason_and_the_rest_is_sent(environ, resources, defs, instance):
    record = _dkim_init(environ())
    assert dg.materialize([play_graph(PLAY).drafts], resources=resources, instance=instance).success
    approve(resources, PLAY)
    with resources["warehouse"].connect() as con:
        targets = [r[0] for r in con.execute(
            "select draft_id from message_drafts where play = ? and step = 1 and channel = 'email' and grounded "
            "order by fit desc, draft_id limit ?", [PLAY, len(BAD)]).fetchall()]
        assert len(targets) == len(BAD)
        for draft_id, (column, value) in zip(targets, BAD.values()):
            con.execute(f"update message_drafts set {column} = ? where draft_id = ?", [value, draft_id])
    result = dg.materialize([play_graph(PLAY).sends], resources=resources, instance=instance)
    assert result.success
    with resources["warehouse"].connect() as con:
        rows = {r[0]: r[1:] for r in con.execute(
            "select draft_id, status, reason from send_ledger where play = ?", [PLAY]).fetchall()}
    for draft_id, (column, _) in zip(targets, BAD.values()):
        status, reason = rows[draft_id]
        assert status == "held" and reason, (draft_id, column)
    sent = [r for r in rows.values() if r[0] == "sent"]
    assert len(sent) >= 5, "the rest of the batch went out"
    raws = [f.read_bytes() for f in (Path(resources["mail"].path) / "new").iterdir()]
    assert len(raws) == len(sent)
    dns = _dns(record, "sdr._domainkey.outreach.example")
    assert all(dkim.verify(raw, dnsfunc=dns) for raw in raws), "the maildir outbox is signed too"
    for raw in raws:
        assert b"X-Injected" not in raw and b"victim@" not in raw and b"\x00" not in raw and b"\x1b" not in raw
        assert "\u2028".encode() not in raw
