"""Real `sdr run` processes: killed mid-batch, stopped by SIGTERM mid-batch, or two at once over the
same due batch.

Each check compares the maildir outbox with the send ledger (see tests/crash_harness.py, which runs
the same trial at 100 random points: `python -m tests.crash_harness --points 100`).
"""

import asyncio
import random
import shutil
import signal
import subprocess
import sys
import time
from email import message_from_bytes
from pathlib import Path

import duckdb
import pytest

from tests.crash_harness import SDR, environ, inspect, prepare, trial

sys.path.insert(0, str(Path(__file__).parent / "mail"))
from smtp_server import RecordingHandler, start_smtp_server  # noqa: E402

pytestmark = pytest.mark.e2e  # real `sdr` processes: few, slow on purpose


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    return prepare(tmp_path_factory.mktemp("crash") / "template")


@pytest.mark.parametrize("seed", [1, 2])
def test_a_run_killed_at_a_random_moment_then_rerun_sends_each_message_once(template, tmp_path, seed):
    delay = random.Random(seed).uniform(2.0, 12.0)
    damage = trial(template, tmp_path / "run", delay)
    assert damage.problems == []
    assert damage.outbox > 0, "the approved play's due emails went out"
    assert (damage.duplicates, damage.lost, damage.unresolved) == (0, 0, 0)


def test_two_runs_started_together_send_each_message_once(template, tmp_path):
    root = tmp_path / "run"
    shutil.copytree(template, root)
    runs = [subprocess.Popen([str(SDR), "run"], env=environ(root), stdout=subprocess.PIPE,
                             stderr=subprocess.STDOUT, text=True) for _ in range(2)]
    outputs = [run.communicate(timeout=600)[0] for run in runs]
    assert [run.returncode for run in runs] == [0, 0], outputs
    damage = inspect(root)
    assert damage.outbox > 0 and damage.problems == []
    assert (damage.duplicates, damage.lost, damage.unresolved) == (0, 0, 0)
    assert damage.outbox == damage.sent_rows


class SlowServer(RecordingHandler):
    """A real SMTP server that takes its time over each message, so a signal can land mid-batch."""

    def __init__(self, seconds: float):
        super().__init__()
        self.seconds, self.receiving = seconds, 0

    async def handle_DATA(self, server, session, envelope):
        self.receiving += 1
        await asyncio.sleep(self.seconds)
        return await super().handle_DATA(server, session, envelope)


def _smtp_environ(root, port: int) -> dict[str, str]:
    return {**environ(root), "SDR_SMTP_HOST": "127.0.0.1", "SDR_SMTP_PORT": str(port), "SDR_SMTP_SECURITY": "none"}


def test_sigterm_mid_batch_finishes_the_message_in_flight_records_it_and_stops(template, tmp_path):
    root = tmp_path / "run"
    shutil.copytree(template, root)
    handler = SlowServer(seconds=1.0)
    server = start_smtp_server(handler)
    try:
        run = subprocess.Popen([str(SDR), "run"], env=_smtp_environ(root, server.port), stdout=subprocess.PIPE,
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
        rerun = subprocess.run([str(SDR), "run"], env=_smtp_environ(root, server.port), capture_output=True, text=True,
                               timeout=600)
        assert rerun.returncode == 0, rerun.stdout[-2000:]
    finally:
        server.stop()
    delivered = [message_from_bytes(d["raw"])["Message-ID"] for d in handler.delivered]
    with duckdb.connect(str(root / "warehouse.duckdb"), read_only=True) as con:
        sent = {m for (m,) in con.execute("select message_id from send_ledger where status = 'sent'").fetchall()}
        sending = con.execute("select count(*) from send_ledger where status = 'sending'").fetchone()[0]
    assert len(delivered) > 2, "the rerun sent the rest"
    assert len(delivered) == len(set(delivered)), "each message once"
    assert set(delivered) == sent and sending == 0
