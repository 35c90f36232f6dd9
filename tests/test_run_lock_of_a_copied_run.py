"""A run that carries the lock tag of another run (re-executed from the UI, which copies the parent
run's tags, or launched from a copy of its launchpad) is judged by its own process, not by that
other run's lock: the lock of an `sdr run` long ended is gone, so the live re-execution was marked
failed a minute after it began, while it sent, and the run queue's one place was freed beside it."""

import json
import subprocess
import sys
from pathlib import Path

import dagster as dg

from sdr_assets import run_liveness
from sdr_assets.instance import SETTINGS_YAML
from sdr_assets.runner import RunReport, _execute
from sensors.abandoned_runs import abandoned_runs_sensor
from tests.slow_runs import child_script, started_run


@dg.op
def quick_step():
    return 1


@dg.job
def quick_job():
    quick_step()


def test_a_reexecution_carrying_its_parents_lock_tag_is_left_running(tmp_path: Path):
    (tmp_path / "dagster.yaml").write_text(SETTINGS_YAML)
    script = tmp_path / "child.py"
    script.write_text(child_script("slow_job.execute_in_process(instance=instance, tags=json.loads(sys.argv[2]))"))
    with dg.DagsterInstance.from_config(str(tmp_path)) as instance:
        parent = _execute(dg.Definitions(jobs=[quick_job]), "quick_job", instance, RunReport()).dagster_run
        assert run_liveness.TAG in parent.tags
        copied = {**parent.tags, "dagster/parent_run_id": parent.run_id, "dagster/root_run_id": parent.run_id}
        child = subprocess.Popen([sys.executable, str(script), str(tmp_path), json.dumps(copied)])
        try:
            runs = [started_run(instance, "the re-execution", {"dagster/parent_run_id": parent.run_id})]
            with dg.build_sensor_context(instance=instance) as context:
                abandoned_runs_sensor(context)
            assert instance.get_run_by_id(runs[0].run_id).status == dg.DagsterRunStatus.STARTED, \
                "a live re-execution was marked failed by its parent's released lock"
        finally:
            child.kill()
            child.wait()
