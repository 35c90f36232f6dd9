"""Real `sdr run` processes: killed mid-batch, or running at once with the same run in this process.

Each check compares the maildir outbox (or what a mail server on 127.0.0.1 received) with the send
ledger (see tests/crash_harness.py, which runs the same trial at 100 random points:
`python -m tests.crash_harness --points 100`). Two kills land while messages are in flight on
purpose, where the rerun must reconcile rows left `sending`: a random kill rarely does.
"""

import random
import subprocess
import time

import pytest

from sdr_assets.runner import run_due
from tests.crash_harness import (
    SDR, copy_prepared, environ, in_flight_trial, inspect, logged_trial, pipeline_here, trial,
)

pytestmark = pytest.mark.e2e  # real `sdr` processes: few, slow on purpose


@pytest.mark.parametrize("seed, in_batch", [(1, False), (2, True)], ids=["1", "2-in-batch"])
def test_a_run_killed_at_a_random_moment_then_rerun_sends_each_message_once(crash_template, tmp_path, seed, in_batch):
    # A whole run takes a few seconds on an idle machine and its send batch a few milliseconds: one kill lands at a
    # random moment of the run's first seconds, the other a random moment after its first message left.
    delay = random.Random(seed).uniform(0.0, 0.02) if in_batch else random.Random(seed).uniform(2.0, 4.0)
    damage = trial(crash_template, tmp_path / "run", delay, in_batch, rerun_here=True)
    assert damage.problems == []
    if in_batch:
        assert damage.sent_before_rerun > 0, "the kill came after the batch began"
    assert damage.outbox > 0, "the approved play's due emails went out"
    assert (damage.duplicates, damage.lost, damage.unresolved, damage.in_tmp) == (0, 0, 0, 0)


def test_a_run_killed_with_messages_in_the_outbox_not_yet_recorded_then_rerun_settles_them_from_the_outbox(
        crash_template, tmp_path):
    # The run waits to log the messages it handed over (the test holds the log's lock), so the kill
    # lands after the outbox took them and before their outcomes were recorded, on every machine.
    damage = in_flight_trial(crash_template, tmp_path / "run")
    assert damage.problems == []
    assert damage.sent_before_rerun > 0 and damage.sending_after_kill >= damage.sent_before_rerun, \
        "the kill left messages in the outbox whose rows were still sending"
    assert damage.outbox >= damage.sent_before_rerun and damage.outbox == damage.sent_rows
    assert (damage.duplicates, damage.lost, damage.unresolved, damage.in_tmp) == (0, 0, 0, 0)


def test_a_run_killed_after_logging_a_message_the_mail_server_took_then_rerun_records_it_sent(
        crash_template, tmp_path):
    # SMTP cannot tell afterwards what it delivered: the log of messages handed over is what tells
    # the rerun that the message left, so it is recorded sent and not sent again.
    damage = logged_trial(crash_template, tmp_path)
    assert damage.problems == []
    assert (damage.sent_before_rerun, damage.sending_after_kill) == (1, 1), \
        "the kill left the message the server took with its row still sending"
    assert damage.outbox > 1, "the rerun sent the rest"
    assert damage.outbox == damage.sent_rows
    assert (damage.duplicates, damage.lost, damage.unresolved) == (0, 0, 0)


def test_two_runs_started_together_send_each_message_once(crash_template, tmp_path):
    # One run is an `sdr run` process, the other the same run in this process, its definitions and instance made
    # before the process starts and its run begun as the process's begins: both go through the same due checks to
    # the same batch at once, whatever their start-ups.
    root = tmp_path / "run"
    copy_prepared(crash_template, root)
    printed = tmp_path / "printed.txt"
    with pipeline_here(environ(root)) as (defs, instance):
        with printed.open("w") as out:
            other = subprocess.Popen([str(SDR), "run"], env=environ(root), stdout=out, stderr=subprocess.STDOUT,
                                     text=True)
        deadline = time.monotonic() + 600
        while "· signals" not in printed.read_text() and other.poll() is None and time.monotonic() < deadline:
            time.sleep(0.01)
        assert other.poll() is None, f"the process's run ended before this one began: {printed.read_text()}"
        outbox = root / "outbox" / "new"
        assert not (outbox.exists() and any(outbox.iterdir())), "this run begins before the process's batch sends"
        here = run_due(defs, instance)
        other.wait(timeout=600)
    assert other.returncode == 0, printed.read_text()
    assert not here.failed, here.reasons
    damage = inspect(root)
    assert damage.outbox > 0 and damage.problems == []
    assert (damage.duplicates, damage.lost, damage.unresolved, damage.in_tmp) == (0, 0, 0, 0)
    assert damage.outbox == damage.sent_rows
