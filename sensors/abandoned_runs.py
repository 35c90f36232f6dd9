"""Runs left ``started`` by a process that is gone: a `sdr run` killed with ``kill -9``, a machine
that lost power, a run worker ended with its code server. Dagster marks such a run failed only when
the code server that launched it lives to see it end; otherwise it stays started for ever, and it
holds the run queue's one place (``max_concurrent_runs: 1``, ``sdr_assets/instance.py``), so no run
of any sensor or schedule starts again.

Each tick marks failed every started run whose process (the one that began it, by its run start
event) no longer runs on this machine, or runs as a process started after the run while this machine
started after the run did: another that took its number. A live process that began after the run by
the clock is not known to be another: the system clock may have been set forward since (NTP), and
the run is left alone. An `sdr run` holds a lock while its run goes on (``sdr_assets/run_liveness.py``):
its run is judged by that lock, not by a pid, which in another container sharing the data folder
names none of this one's processes, or another. A failed run is what the sensors ask for again (``sensors/batch_runs.py``).
"""

from __future__ import annotations

import dagster as dg
import psutil

from sdr_assets import run_liveness
from sdr_assets.processes import running

STARTED = [dg.DagsterRunStatus.STARTED]
# The run start event is written after its process starts; a process begun after it is another one.
SLACK_SECONDS = 1.0


def _process(instance: dg.DagsterInstance, run_id: str) -> int | None:
    """The process that began ``run_id``, as its run start event records it."""
    records = instance.get_records_for_run(run_id, of_type=dg.DagsterEventType.RUN_START, limit=1).records
    event = records[0].event_log_entry.dagster_event if records else None
    return event.pid if event is not None else None


def _gone(pid: int, started_at: float) -> bool:
    """Whether process ``pid``, which began a run at ``started_at``, no longer runs."""
    if not running(pid):
        return True
    try:
        later = psutil.Process(pid).create_time() > started_at + SLACK_SECONDS
    except psutil.NoSuchProcess:
        return True
    except psutil.Error:  # another user's process, whose start cannot be read: it runs
        return False
    # Later by the clock: another process took its number after this machine restarted, or the
    # clock was set forward since the run began (the run goes on).
    return later and started_at < psutil.boot_time()


@dg.sensor(minimum_interval_seconds=60, default_status=dg.DefaultSensorStatus.RUNNING)
def abandoned_runs_sensor(context: dg.SensorEvaluationContext):
    """Mark failed the runs left started by a process that is gone, so the run queue starts runs again."""
    failed, instance = [], context.instance
    for record in instance.get_run_records(filters=dg.RunsFilter(statuses=STARTED)):
        run = record.dagster_run
        # An `sdr run`'s, perhaps in another container; a run that copied another's tags (a
        # re-execution from the UI) names that run's lock, not one of its own.
        if run.tags.get(run_liveness.TAG) == run.run_id:
            process = "The `sdr run` that ran this run"
            gone = run_liveness.released(instance.root_directory, run.run_id)
        else:
            pid = _process(instance, run.run_id)
            process = f"The process {pid} that ran this run"
            gone = pid is not None and _gone(pid, record.start_time or record.create_timestamp.timestamp())
        if not gone or instance.get_run_by_id(run.run_id).status != dg.DagsterRunStatus.STARTED:
            continue  # alive, or it ended since it was listed
        instance.report_engine_event(
            f"{process} is gone (killed, or the machine stopped); the run is marked "
            "failed, so the run queue starts runs again and the sensors ask for its work again", run)
        instance.report_run_failed(run)
        failed.append(f"{run.job_name} {run.run_id[:8]}")
    if failed:
        return dg.SkipReason(f"Marked failed, their process gone: {', '.join(failed)}")
    return dg.SkipReason("No run left started by a process that is gone")
