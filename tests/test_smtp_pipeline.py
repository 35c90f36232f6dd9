"""The send step through a real SMTP server on 127.0.0.1: what the ledger says went out, arrived."""

import sys
from email import message_from_bytes
from pathlib import Path

import pytest

from resources.smtp import SmtpTransport
from sdr_assets.assembly import build_definitions
from sdr_assets.decisions import decide
from sdr_assets.runner import run_due

sys.path.insert(0, str(Path(__file__).parent / "mail"))
from smtp_server import RecordingHandler, start_smtp_server  # noqa: E402


@pytest.mark.opening("first_run")  # every play drafted and waiting at its gate
def test_approved_sends_arrive_over_smtp_once_with_unsubscribe_headers(resources, instance):
    handler = RecordingHandler()
    server = start_smtp_server(handler)
    try:
        smtp = {**resources, "mail": SmtpTransport(host="127.0.0.1", port=server.port, security="none",
                                                   timeout_seconds=5.0)}
        decide("series-b-funding", "approve", "Priya Raman", warehouse_path=resources["warehouse"].path,
               plays_dir=resources["paths"].plays_dir)
        defs = build_definitions(smtp)
        assert not run_due(defs, instance).failed
        assert not run_due(defs, instance).failed
    finally:
        server.stop()
    with resources["warehouse"].connect() as con:
        ledger = dict(con.execute(
            "select message_id, contact_email from send_ledger where status = 'sent'").fetchall())
    delivered = [message_from_bytes(d["raw"]) for d in handler.delivered]
    assert ledger and len(delivered) == len(ledger), "each send once, even over two runs"
    assert {m["Message-ID"]: d["rcpt_tos"][0] for m, d in zip(delivered, handler.delivered)} == ledger
    for message in delivered:
        assert message["X-SDR-Play"] == "series-b-funding"
        assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        assert "unsubscribe" in message.get_payload(decode=True).decode().lower()
