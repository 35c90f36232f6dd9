"""A run launched by the daemon (no `sdr run` lock) whose process lives is left running though the
system clock was set forward since it began (NTP): the process's start, read through the clock,
then falls after the run's, and the abandoned-runs sensor took the live run for one whose pid
another process had taken and marked it failed while it sent. A run that began before this machine
last started is gone, whatever process has its number now."""

from pathlib import Path

import dagster as dg
import psutil

from sdr_assets.instance import SETTINGS_YAML
from tests.launched_runs import live_process, started_by, tick


def test_a_live_run_is_left_running_after_the_clock_was_set_forward(tmp_path: Path):
    (tmp_path / "dagster.yaml").write_text(SETTINGS_YAML)
    alive = live_process()
    try:
        with dg.DagsterInstance.from_config(str(tmp_path)) as instance:
            began = psutil.Process(alive.pid).create_time()
            stepped = started_by(instance, alive.pid, began - 5)  # the clock read 5 s less when it began
            before_boot = started_by(instance, alive.pid, psutil.boot_time() - 60)
            tick(instance)
            assert instance.get_run_by_id(stepped.run_id).status == dg.DagsterRunStatus.STARTED, \
                "a live run was marked failed after the clock was set forward"
            assert instance.get_run_by_id(before_boot.run_id).status == dg.DagsterRunStatus.FAILURE, \
                "a run begun before the machine last started goes on"
    finally:
        alive.kill()
        alive.wait()
