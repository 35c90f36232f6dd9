"""Real `sdr run` processes: killed mid-batch, or two at once over the same due batch.

Each check compares the maildir outbox with the send ledger (see tests/crash_harness.py, which runs
the same trial at 100 random points: `python -m tests.crash_harness --points 100`).
"""

import random
import shutil
import subprocess

import pytest

from tests.crash_harness import SDR, environ, inspect, trial

pytestmark = pytest.mark.e2e  # real `sdr` processes: few, slow on purpose


@pytest.mark.parametrize("seed, in_batch", [(1, False), (2, True)], ids=["1", "2-in-batch"])
def test_a_run_killed_at_a_random_moment_then_rerun_sends_each_message_once(crash_template, tmp_path, seed, in_batch):
    # A whole run takes ~5 s on an idle machine and its send batch a few milliseconds: one kill lands at a
    # random moment of the run's first seconds, the other a random moment after its first message left.
    delay = random.Random(seed).uniform(0.0, 0.02) if in_batch else random.Random(seed).uniform(2.0, 4.0)
    damage = trial(crash_template, tmp_path / "run", delay, in_batch, rerun_here=True)
    assert damage.problems == []
    if in_batch:
        assert damage.sent_before_rerun > 0, "the kill came after the batch began"
    assert damage.outbox > 0, "the approved play's due emails went out"
    assert (damage.duplicates, damage.lost, damage.unresolved, damage.in_tmp) == (0, 0, 0, 0)


def test_two_runs_started_together_send_each_message_once(crash_template, tmp_path):
    root = tmp_path / "run"
    shutil.copytree(crash_template, root)
    runs = [subprocess.Popen([str(SDR), "run"], env=environ(root), stdout=subprocess.PIPE,
                             stderr=subprocess.STDOUT, text=True) for _ in range(2)]
    outputs = [run.communicate(timeout=600)[0] for run in runs]
    assert [run.returncode for run in runs] == [0, 0], outputs
    damage = inspect(root)
    assert damage.outbox > 0 and damage.problems == []
    assert (damage.duplicates, damage.lost, damage.unresolved, damage.in_tmp) == (0, 0, 0, 0)
    assert damage.outbox == damage.sent_rows
