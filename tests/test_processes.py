"""Unit: whether a pid left in a file (a heartbeat, a waiting marker) names a process that runs."""

import os
import subprocess
import sys

from resources import attachments
from sdr_assets.processes import running


def test_this_process_runs_and_a_finished_one_does_not():
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    assert running(os.getpid())
    assert not running(child.pid)


def test_a_pid_that_names_no_one_process_is_not_running():
    # 0 and -1 signal process groups (this one, every process): neither is a process that runs
    assert not running(0)
    assert not running(-1)
    assert not running(2**64)  # past any pid: os.kill raises OverflowError


def test_a_waiting_marker_with_no_live_process_is_no_waiter(tmp_path):
    key = tmp_path / "warehouse.duckdb"
    for pid in ("0", str(2**64)):
        marker = tmp_path / f"warehouse.duckdb.waiting.{pid}"
        marker.touch()
        assert not attachments._someone_waits(str(key))
        marker.unlink()
