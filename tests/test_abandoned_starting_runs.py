"""A run the daemon launched whose process is gone before it began the run (its code server
stopped, the machine lost power), or whose process never started, is marked failed: left
'starting', it held the run queue's one place and every sensor's wait for a run under way for ever,
so nothing was sent and no reply was triaged again. A run whose process lives, or launched just
now, is left starting; one a person asked to stop whose process is gone ends canceled."""

import os
import uuid
from pathlib import Path

import dagster as dg

from sdr_assets import run_liveness
from sdr_assets.instance import SETTINGS_YAML
from tests.launched_runs import ago, dead_pid, launched_run, live_process, started_by, tick


def _instance(tmp_path: Path) -> dg.DagsterInstance:
    (tmp_path / "dagster.yaml").write_text(SETTINGS_YAML)
    return dg.DagsterInstance.from_config(str(tmp_path))


def test_a_starting_run_whose_process_is_gone_is_marked_failed_and_a_live_one_is_left(tmp_path: Path):
    alive = live_process()
    try:
        with _instance(tmp_path) as instance:
            gone = launched_run(instance, pid=dead_pid())
            going = launched_run(instance, pid=alive.pid)
            said = tick(instance).skip_message
            assert instance.get_run_by_id(gone.run_id).status == dg.DagsterRunStatus.FAILURE, \
                f"left {instance.get_run_by_id(gone.run_id).status}: the queue stays full ({said})"
            assert instance.get_run_by_id(going.run_id).status == dg.DagsterRunStatus.STARTING, \
                "a run whose process lives goes on starting"
            assert gone.run_id[:8] in said and going.run_id[:8] not in said, said
    finally:
        alive.kill()
        alive.wait()


def test_a_run_whose_process_never_started_is_marked_failed_after_the_bound(tmp_path: Path):
    with _instance(tmp_path) as instance:
        old = launched_run(instance, at=ago(11 * 60))
        new = launched_run(instance)
        tick(instance)
        assert instance.get_run_by_id(old.run_id).status == dg.DagsterRunStatus.FAILURE, \
            "a run launched 11 min ago whose process never started still holds the queue"
        assert instance.get_run_by_id(new.run_id).status == dg.DagsterRunStatus.STARTING, \
            "a run launched just now may yet start"
        said = [r.event_log_entry.dagster_event.message for r in instance.get_records_for_run(
            old.run_id, of_type=dg.DagsterEventType.ENGINE_EVENT).records]
        assert any("No process began this run in the 10 min" in (m or "") for m in said), said


def test_a_canceling_run_whose_process_is_gone_or_never_began_ends_canceled(tmp_path: Path):
    with _instance(tmp_path) as instance:
        gone = started_by(instance, dead_pid(), ago(5))
        never = launched_run(instance, at=ago(11 * 60))
        lock = str(uuid.uuid4())  # a killed `sdr run`'s: its lock released, its pid taken by a live process
        killed = started_by(instance, os.getpid(), ago(5), run_id=lock, tags={run_liveness.TAG: lock})
        for run in (gone, never, killed):  # Terminate in the UI, which no process was there to hear
            instance.report_run_canceling(run)
        tick(instance)
        for run in (gone, never, killed):
            assert instance.get_run_by_id(run.run_id).status == dg.DagsterRunStatus.CANCELED, \
                f"left {instance.get_run_by_id(run.run_id).status}: the queue stays full"
