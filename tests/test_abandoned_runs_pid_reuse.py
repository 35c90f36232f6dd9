"""A run whose process died before the abandoned-runs sensor saw it alive is marked failed though its
pid names another process by now, begun after the run, when the clock has not been set since the
sensor's last tick on this machine: the daemon stopped with `dagster dev` a minute after launching
it, the machine stayed up, and its number went to another process. Taken for its own process because
it was first seen after a tick here, the run stayed started while that process lived and held the run
queue's one place. A clock set forward since that tick (NTP) leaves a live process alone, as before."""

import json
import time
from pathlib import Path

import dagster as dg

from sdr_assets.instance import SETTINGS_YAML
from sensors.abandoned_runs import abandoned_runs_sensor
from tests.launched_runs import live_process, started_by

STARTED, FAILURE = dg.DagsterRunStatus.STARTED, dg.DagsterRunStatus.FAILURE


def _tick(instance: dg.DagsterInstance, cursor: str | None) -> str | None:
    with dg.build_sensor_context(instance=instance, cursor=cursor) as context:
        abandoned_runs_sensor(context)
        return context.cursor


def test_a_run_whose_number_another_process_took_since_the_last_tick_is_marked_failed(tmp_path: Path):
    (tmp_path / "dagster.yaml").write_text(SETTINGS_YAML)
    with dg.DagsterInstance.from_config(str(tmp_path)) as instance:
        cursor = _tick(instance, None)
        launched = time.time()
        time.sleep(2.5)  # its process died; another began later and took its number
        other = live_process()
        try:
            run = started_by(instance, other.pid, launched)
            _tick(instance, cursor)
            assert instance.get_run_by_id(run.run_id).status == FAILURE, \
                "a run whose pid another process took stayed started: the run queue stays full"
        finally:
            other.kill()
            other.wait()


def test_a_live_run_first_seen_after_the_clock_was_set_forward_since_the_last_tick_is_left_running(tmp_path: Path):
    (tmp_path / "dagster.yaml").write_text(SETTINGS_YAML)
    alive = live_process()
    try:
        with dg.DagsterInstance.from_config(str(tmp_path)) as instance:
            state = json.loads(_tick(instance, None))
            state["clock"][1] -= 600  # the last tick read a clock 10 min behind; NTP set it right since
            run = started_by(instance, alive.pid, time.time() - 600)  # begun since, on that clock
            _tick(instance, json.dumps(state))
            assert instance.get_run_by_id(run.run_id).status == STARTED, \
                "a live run was marked failed after the clock was set forward"
    finally:
        alive.kill()
        alive.wait()
