"""A run launched after this machine (or container) started and first seen by the abandoned-runs sensor
after the clock was set forward, on the sensor's first tick since that start, is left running while its
process lives: a host with a bad clock boots, the daemon launches a run before the sensor's first tick,
NTP sets the clock forward, and the machine's start, read through the clock, falls after the run's
recorded start. The run's process names who it is in the run's log as its warehouse is set up, and the
run is judged by that identity, which no clock moves: once the process is gone, the run is failed."""

import os
import subprocess
import sys
import uuid

import dagster as dg
import psutil

from resources.warehouse import Warehouse
from sdr_assets import process_identity
from sdr_assets.instance import SETTINGS_YAML
from sdr_assets.run_process import named_identity
from tests.launched_runs import started_by
from tests.test_abandoned_runs_clock_step_after_boot import _tick
from tests.test_abandoned_runs_container_restart import ROOT

STARTED, FAILURE = dg.DagsterRunStatus.STARTED, dg.DagsterRunStatus.FAILURE

# The run's own process: it sets up the warehouse in the run, as each step's run does, then goes on.
RUN_PROCESS = """
import sys, time
import dagster as dg
from sdr_assets.run_process import name_process

with dg.DagsterInstance.from_config(sys.argv[1]) as instance:
    while instance.get_run_by_id(sys.argv[2]) is None:
        time.sleep(0.05)
    name_process(instance, sys.argv[2])
    print("named", flush=True)
    time.sleep(300)
"""


def test_a_run_first_seen_on_the_first_tick_after_a_clock_step_is_left_running_while_its_process_lives(tmp_path):
    (tmp_path / "dagster.yaml").write_text(SETTINGS_YAML)
    run_id = str(uuid.uuid4())
    alive = subprocess.Popen([sys.executable, "-c", RUN_PROCESS, str(tmp_path), run_id], cwd=ROOT,
                             stdout=subprocess.PIPE, text=True)
    try:
        with dg.DagsterInstance.from_config(str(tmp_path)) as instance:
            # Begun on a clock 10 min behind; NTP set it right before the sensor's first look since boot.
            started_by(instance, alive.pid, psutil.Process(1).create_time() - 600, run_id=run_id)
            assert alive.stdout.readline().strip() == "named"
            cursor = _tick(instance, None)
            assert instance.get_run_by_id(run_id).status == STARTED, \
                "a live run was marked failed on the sensor's first tick after the clock was set forward"
            alive.kill()
            alive.wait()
            _tick(instance, cursor)
            assert instance.get_run_by_id(run_id).status == FAILURE, "a run whose process died goes on"
    finally:
        alive.kill()
        alive.wait()
        alive.stdout.close()


@dg.asset
def _stored(warehouse: Warehouse) -> None:
    with warehouse.connect() as con:
        con.execute("select 1")


def test_a_runs_process_names_itself_in_the_runs_log(tmp_path):
    with dg.instance_for_test() as instance:
        result = dg.materialize([_stored], resources={"warehouse": Warehouse(path=str(tmp_path / "w.duckdb"))},
                                instance=instance)
        assert named_identity(instance, result.run_id, os.getpid()) == \
            process_identity.of(os.getpid())
