"""A run begun in a container that was restarted since (`docker compose restart`, the host still up)
is marked failed, though its pid now names a process of the new container, begun after it: pids
start again from 1 in a new container, so the run's number is soon another's. Judged by the host's
boot alone, the run stayed started for ever and held the run queue."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from sdr_assets.instance import SETTINGS_YAML

ROOT = Path(__file__).parents[1]
INSIDE = """
import os, sys
import dagster as dg
import psutil
from tests.launched_runs import started_by, tick

with dg.DagsterInstance.from_config(sys.argv[1]) as instance:
    # Begun a minute before this container: its process was the old container's, with this number.
    run = started_by(instance, os.getpid(), psutil.Process(1).create_time() - 60)
    tick(instance)
    print(instance.get_run_by_id(run.run_id).status.value)
"""


def _own_pid_namespace() -> bool:
    if shutil.which("unshare") is None:
        return False
    return subprocess.run(["unshare", "--pid", "--fork", "--mount-proc", "true"], capture_output=True).returncode == 0


@pytest.mark.skipif(not _own_pid_namespace(), reason="needs a pid namespace of its own (unshare), as a container has")
def test_a_run_begun_before_its_container_restarted_is_marked_failed(tmp_path: Path):
    (tmp_path / "dagster.yaml").write_text(SETTINGS_YAML)
    script = tmp_path / "inside.py"
    script.write_text(INSIDE)
    done = subprocess.run(["unshare", "--pid", "--fork", "--mount-proc", sys.executable, str(script), str(tmp_path)],
                          cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)}, capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.split()[-1] == "FAILURE", f"left {done.stdout.split()[-1]}: the queue stays full"
