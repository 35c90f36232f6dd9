"""A real `sdr run` stopped by SIGTERM mid-batch finishes the message in flight, records it, and stops."""

import signal
import subprocess
import time
from email import message_from_bytes

import duckdb
import pytest

from tests.crash_harness import SDR, run_here, slow_smtp_world, smtp_environ

pytestmark = pytest.mark.e2e  # real `sdr` processes: few, slow on purpose


def test_sigterm_mid_batch_finishes_the_message_in_flight_records_it_and_stops(crash_template, tmp_path):
    with slow_smtp_world(crash_template, tmp_path, 0.5) as (root, handler, server):
        run = subprocess.Popen([str(SDR), "run"], env=smtp_environ(root, server.port), stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, text=True)
        deadline = time.monotonic() + 600
        while handler.receiving < 2 and run.poll() is None and time.monotonic() < deadline:
            time.sleep(0.02)
        assert handler.receiving >= 2, "the batch started"
        run.send_signal(signal.SIGTERM)  # message 2 is in the server's hands now
        output = run.communicate(timeout=300)[0]
        assert run.returncode == 143, output
        assert "stopped by a termination signal" in output
        first = [message_from_bytes(d["raw"])["Message-ID"] for d in handler.delivered]
        assert len(first) == handler.receiving == 2, "the message in flight finished; no other began"
        with duckdb.connect(str(root / "warehouse.duckdb"), read_only=True) as con:
            ledger = con.execute("select message_id, status from send_ledger where status in ('sent', 'sending')").fetchall()
        assert sorted(ledger) == sorted((m, "sent") for m in first), "both recorded as sent, nothing left sending"

        handler.seconds = 0
        rerun = run_here(smtp_environ(root, server.port))
        assert not rerun.failed, rerun.reasons
    delivered = [message_from_bytes(d["raw"])["Message-ID"] for d in handler.delivered]
    with duckdb.connect(str(root / "warehouse.duckdb"), read_only=True) as con:
        sent = {m for (m,) in con.execute("select message_id from send_ledger where status = 'sent'").fetchall()}
        sending = con.execute("select count(*) from send_ledger where status = 'sending'").fetchone()[0]
    assert len(delivered) > 2, "the rerun sent the rest"
    assert len(delivered) == len(set(delivered)), "each message once"
    assert set(delivered) == sent and sending == 0
