"""Runs as the daemon leaves them: launched (starting), with or without the process the launcher
started for them, or started by a process of the test's choosing, at a time of its choosing."""

from __future__ import annotations

import subprocess
import sys
import time

import dagster as dg


@dg.op
def one_step():
    return 1


@dg.job
def one_job():
    one_step()


def _engine_data(pid: int):
    """Dagster's record of a process it started for a run, naming ``pid`` (its class is not public:
    taken from an event of a run executed here)."""
    result = one_job.execute_in_process()
    data = next(e.event_specific_data for e in result.all_events
                if e.event_type_value == "ENGINE_EVENT" and e.event_specific_data.metadata.get("pid"))
    return type(data)(metadata={"pid": dg.MetadataValue.text(str(pid))})


def launched_run(instance: dg.DagsterInstance, at: float | None = None, pid: int | None = None,
                 run_id: str | None = None, tags: dict[str, str] | None = None) -> dg.DagsterRun:
    """A run (``run_id``, tagged ``tags``) the daemon launched ``at`` (now by default), and, with ``pid``,
    whose launcher started that process for it, which has not yet begun the run (it stays starting)."""
    run = instance.create_run_for_job(one_job, run_id=run_id, tags=tags)
    instance.report_dagster_event(dg.DagsterEvent(event_type_value=dg.DagsterEventType.RUN_STARTING.value,
                                                  job_name=run.job_name), run.run_id, timestamp=at)
    if pid is not None:
        instance.report_engine_event(f"Started process for run (pid: {pid}).", run, _engine_data(pid))
    return instance.get_run_by_id(run.run_id)


def started_by(instance: dg.DagsterInstance, pid: int, at: float, run_id: str | None = None,
               tags: dict[str, str] | None = None) -> dg.DagsterRun:
    """A run whose run start event process ``pid`` wrote at ``at`` (without an `sdr run`'s lock, unless
    ``tags`` name one)."""
    run = launched_run(instance, at, run_id=run_id, tags=tags)
    instance.report_dagster_event(dg.DagsterEvent(event_type_value=dg.DagsterEventType.RUN_START.value,
                                                  job_name=run.job_name, pid=pid), run.run_id, timestamp=at)
    return instance.get_run_by_id(run.run_id)


def live_process() -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", "import time; time.sleep(300)"])


def dead_pid() -> int:
    """The number of a process that ran and ended."""
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def tick(instance: dg.DagsterInstance):
    from sensors.abandoned_runs import abandoned_runs_sensor

    with dg.build_sensor_context(instance=instance) as context:
        return abandoned_runs_sensor(context)


def ago(seconds: float) -> float:
    return time.time() - seconds
