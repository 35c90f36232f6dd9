"""A run an `sdr run` carries on in another container sharing the data folder (and so DAGSTER_HOME)
is left alone by the daemon's abandoned-runs sensor: its pid is one of that container's, which names
no process here or another one, so the sensor marked a live run failed, freed the run queue's one
place beside it. Killed with its container, it is marked failed."""

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import dagster as dg
import pytest

from sdr_assets.instance import SETTINGS_YAML
from sdr_assets.processes import running
from sensors.abandoned_runs import abandoned_runs_sensor
from tests.slow_runs import child_script, started_run

def _own_pid_namespace() -> bool:
    if shutil.which("unshare") is None:
        return False
    return subprocess.run(["unshare", "--pid", "--fork", "--mount-proc", "true"], capture_output=True).returncode == 0


@pytest.mark.skipif(not _own_pid_namespace(), reason="needs a pid namespace of its own (unshare), as a container has")
def test_a_live_run_in_another_container_is_not_marked_failed(tmp_path: Path):
    (tmp_path / "dagster.yaml").write_text(SETTINGS_YAML)
    script = tmp_path / "child.py"
    script.write_text(child_script("from sdr_assets.runner import RunReport, _execute; "
                                   "_execute(dg.Definitions(jobs=[slow_job]), 'slow_job', instance, RunReport())"))
    # Processes before it, so its pid in its container is not 1, which names a process here too.
    inside = f"for i in $(seq 200); do /bin/true; done; {sys.executable} {script} {tmp_path}"
    child = subprocess.Popen(["unshare", "--pid", "--fork", "--mount-proc", "sh", "-c", inside],
                             cwd=Path(__file__).parents[1], env={**os.environ, "PYTHONPATH": str(Path(__file__).parents[1])},
                             start_new_session=True)
    try:
        with dg.DagsterInstance.from_config(str(tmp_path)) as instance:
            runs = [started_run(instance, "the run")]
            [start] = instance.get_records_for_run(runs[0].run_id, of_type=dg.DagsterEventType.RUN_START).records
            if running(start.event_log_entry.dagster_event.pid):
                pytest.skip("its pid in its container names a process here too")
            with dg.build_sensor_context(instance=instance) as context:
                abandoned_runs_sensor(context)
            assert instance.get_run_by_id(runs[0].run_id).status == dg.DagsterRunStatus.STARTED, \
                "a live run of another container was marked failed"
            os.killpg(child.pid, signal.SIGKILL)
            child.wait()
            for _ in range(100):  # the kernel closes a killed process's files as it ends, not at once
                with dg.build_sensor_context(instance=instance) as context:
                    abandoned_runs_sensor(context)
                if instance.get_run_by_id(runs[0].run_id).status != dg.DagsterRunStatus.STARTED:
                    break
                time.sleep(0.1)
            assert instance.get_run_by_id(runs[0].run_id).status == dg.DagsterRunStatus.FAILURE, \
                "killed with its container, the run is marked failed"
    finally:
        if child.poll() is None:
            os.killpg(child.pid, signal.SIGKILL)
            child.wait()
