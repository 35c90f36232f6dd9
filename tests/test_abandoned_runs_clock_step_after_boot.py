"""A run the daemon launched after the abandoned-runs sensor's first tick since this machine (or
container) started is left running while its process lives, however far the clock was set forward
since it began: a host with a bad clock boots, its daemon launches the runs it owes within a minute,
then NTP sets the clock forward by minutes or days, and this machine's start, read through the clock,
falls after the run's recorded start. Judged by the clock, the live run read as one begun before the
machine started, whose pid another process took; it was marked failed while it sent, and the run
queue's one place was freed beside it. A run the sensor saw alive is judged by who its process is
(the machine's boot, its pid, its start counted from the boot), which no clock moves: once that
process is gone, or its number names another's after the container restarted, the run is failed."""

import json
import os
import subprocess
import sys
from pathlib import Path

import dagster as dg
import psutil
import pytest

from sdr_assets.instance import SETTINGS_YAML
from sensors.abandoned_runs import abandoned_runs_sensor
from tests.launched_runs import live_process, started_by
from tests.test_abandoned_runs_container_restart import ROOT, _own_pid_namespace

STARTED, FAILURE = dg.DagsterRunStatus.STARTED, dg.DagsterRunStatus.FAILURE


def _tick(instance: dg.DagsterInstance, cursor: str | None) -> str | None:
    """One tick of the sensor from ``cursor``, as the daemon runs it; the cursor it leaves."""
    with dg.build_sensor_context(instance=instance, cursor=cursor) as context:
        abandoned_runs_sensor(context)
        return context.cursor


def test_a_run_begun_after_the_first_tick_is_left_running_when_the_clock_steps_past_the_boot(tmp_path: Path):
    (tmp_path / "dagster.yaml").write_text(SETTINGS_YAML)
    alive = live_process()
    try:
        with dg.DagsterInstance.from_config(str(tmp_path)) as instance:
            # The daemon's first look since this machine started, on a clock 10 min behind.
            state = json.loads(_tick(instance, None))
            state["clock"][1] -= 600
            cursor = json.dumps(state)
            # Begun since, on that clock; NTP set it right, and the machine's start now reads after the run's.
            stepped = started_by(instance, alive.pid, psutil.Process(1).create_time() - 600)
            cursor = _tick(instance, cursor)
            assert instance.get_run_by_id(stepped.run_id).status == STARTED, \
                "a live run was marked failed after the clock was set forward"
            alive.kill()
            alive.wait()
            _tick(instance, cursor)
            assert instance.get_run_by_id(stepped.run_id).status == FAILURE, "a run whose process died goes on"
    finally:
        alive.kill()
        alive.wait()


INSIDE = """
import sys
import dagster as dg
from tests.test_abandoned_runs_clock_step_after_boot import _tick

with dg.DagsterInstance.from_config(sys.argv[1]) as instance:
    _tick(instance, sys.argv[2])
    print(instance.get_run_by_id(sys.argv[3]).status.value)
"""


@pytest.mark.skipif(not _own_pid_namespace(), reason="needs a pid namespace of its own (unshare), as a container has")
def test_a_run_seen_alive_is_failed_once_its_number_names_a_process_of_a_restarted_container(tmp_path: Path):
    (tmp_path / "dagster.yaml").write_text(SETTINGS_YAML)
    script = tmp_path / "inside.py"
    script.write_text(INSIDE)
    with dg.DagsterInstance.from_config(str(tmp_path)) as instance:
        # Run by this container's first process, seen alive; in the restarted container below, pid 1
        # is the sensor's own process, begun after the run.
        run = started_by(instance, 1, psutil.Process(1).create_time() + 1)
        cursor = _tick(instance, None)
        assert instance.get_run_by_id(run.run_id).status == STARTED
    done = subprocess.run(["unshare", "--pid", "--fork", "--mount-proc", sys.executable, str(script), str(tmp_path),
                           cursor or "", run.run_id], cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)},
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.split()[-1] == "FAILURE", f"left {done.stdout.split()[-1]}: the queue stays full"
