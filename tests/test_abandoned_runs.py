"""A run whose process is gone (a `sdr run` killed with `kill -9`, a machine that lost power) is
marked failed by the daemon, with the reason: left `started`, it held the run queue's one place for
ever (``max_concurrent_runs: 1``), so no sensor's or schedule's run started again, nothing was sent,
no reply was triaged, and the UI showed it running. A run whose process lives is left alone."""

import signal
import subprocess
import sys
from pathlib import Path

import dagster as dg

from sdr_assets.instance import SETTINGS_YAML
from sensors.abandoned_runs import abandoned_runs_sensor
from tests.slow_runs import child_script, started_run

def test_a_run_whose_process_was_killed_is_marked_failed_and_a_live_one_is_left(tmp_path: Path):
    (tmp_path / "dagster.yaml").write_text(SETTINGS_YAML)
    script = tmp_path / "child.py"
    script.write_text(child_script('slow_job.execute_in_process(instance=instance, tags={"child": sys.argv[2]})'))
    children = {name: subprocess.Popen([sys.executable, str(script), str(tmp_path), name]) for name in ("killed", "alive")}
    try:
        with dg.DagsterInstance.from_config(str(tmp_path)) as instance:
            runs = {name: started_run(instance, f"run of {name}", {"child": name}) for name in children}
            children["killed"].send_signal(signal.SIGKILL)
            children["killed"].wait()
            with dg.build_sensor_context(instance=instance) as context:
                tick = abandoned_runs_sensor(context)
            killed, alive = (instance.get_run_by_id(runs[name].run_id) for name in ("killed", "alive"))
            assert killed.status == dg.DagsterRunStatus.FAILURE, f"left {killed.status}: the queue stays full"
            assert alive.status == dg.DagsterRunStatus.STARTED, "a run whose process lives goes on"
            assert runs["killed"].run_id[:8] in tick.skip_message, tick.skip_message
            said = [r.event_log_entry.dagster_event.message for r in instance.get_records_for_run(
                runs["killed"].run_id, of_type=dg.DagsterEventType.ENGINE_EVENT).records]
            assert any(f"process {children['killed'].pid} " in (message or '') for message in said), said
    finally:
        for child in children.values():
            child.kill()
            child.wait()
