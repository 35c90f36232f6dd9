"""Runs left under way by a process that is gone: a `sdr run` killed with ``kill -9``, a machine
that lost power, a run worker ended with its code server, or one that never began. Dagster marks
such a run failed only when the code server that launched it lives to see it end; otherwise it stays
started (or starting, or canceling) for ever, and it holds the run queue's one place
(``max_concurrent_runs: 1``, ``sdr_assets/instance.py``) and every sensor's wait for a run under way,
so no run of any sensor or schedule starts again.

An `sdr run` holds a lock while its run goes on (``sdr_assets/run_liveness.py``): its run is judged
by that lock, not by a pid, which in another container sharing the data folder names none of this
one's processes, or another. Another run is judged by the process that runs it, as its run start
event records it, or before that the process the launcher started for it: gone when no process has
its number. A run seen alive is judged by who its process was then, kept in the cursor
(``sdr_assets/process_identity.py``: the boot, the pid, its start counted from the boot): gone when
its number names no process or another, as after a reboot or a container's restart, whatever the
clock says; so is a run whose process named who it is in the run's log as its warehouse was set up
(``sdr_assets/run_process.py``), from the first tick that sees it. A run first seen after a tick on this machine or container as it runs now began since,
here: its process is its own, unless the clock was not set since that tick (``process_identity.clock``)
and the process began after the run by the clock: it took the number of the run's, which died before
any tick saw it (a daemon stopped for long with the machine up). Only on the first tick since this
machine or container started is the clock asked otherwise: the run is gone when a process that began
after it has its number and the machine or container started after the run did (the run's process
died with it); not otherwise, for the clock may have been set forward since the run began (NTP). A
run launched whose process never started (starting, or canceling since) is judged by its age. A
failed run is what the sensors ask for again (``sensors/batch_runs.py``); a worker that starts after
it is ignored by Dagster.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field

import dagster as dg
import psutil

from sdr_assets import process_identity, run_liveness, run_process
from sdr_assets.processes import running
from sensors import cursors

CANCELING = dg.DagsterRunStatus.CANCELING
WATCHED = [dg.DagsterRunStatus.STARTING, dg.DagsterRunStatus.STARTED, CANCELING]
# The run start event is written after its process starts; a process begun after it is another one,
# or the clock was set forward since (``_gone``).
SLACK_SECONDS = 1.0
# A clock that moved by less since the last tick was not set: less than the slack, it fails no live run.
STEADY_SECONDS = 0.5
# A launched run whose process has not started in this long never will (Dagster's own bound is 3 min).
START_BOUND_SECONDS = 600.0


@dataclass
class _Sight:
    """What the last tick saw (the cursor), and the live runs' processes this one sees."""

    system: str | None = None  # this machine or container at the last tick (``process_identity.this_system``)
    seen: dict[str, str] = field(default_factory=dict)  # run id:pid: who that process was at the last tick
    alive: dict[str, str] = field(default_factory=dict)
    here: bool = False  # the last tick was on this machine or container as it runs now
    clock: list | None = None  # this machine's boot and its clock's reading past it at the last tick
    steady: bool = False  # the clock was not set since the last tick

    @classmethod
    def parse(cls, cursor: str) -> _Sight:
        state = json.loads(cursor)
        if not isinstance(state, dict) or "system" not in state or not isinstance(state["system"], (str, type(None))):
            raise ValueError("not this sensor's cursor")
        clock = state.get("clock")  # none in a cursor of an earlier version
        valid = isinstance(clock, list) and len(clock) == 2 and isinstance(clock[1], (int, float))
        return cls(state["system"], cursors.names_to_strings(state.get("runs")), clock=clock if valid else None)

    def look(self, system: str | None, clock: tuple[str, float] | None) -> None:
        """Compare the last tick's machine or container and clock with this one's."""
        self.here = system is not None and self.system == system
        self.steady = (clock is not None and self.clock is not None and self.clock[0] == clock[0]
                       and abs(self.clock[1] - clock[1]) < STEADY_SECONDS)

    def cursor(self, system: str | None, clock: tuple[str, float] | None) -> str:
        return json.dumps({"system": system, "runs": self.alive, "clock": clock})


def _process(instance: dg.DagsterInstance, run_id: str) -> tuple[int, float] | None:
    """The process that runs ``run_id`` and when it began it: the run start event's, or before
    that the process the launcher started for it (the event that names its pid)."""
    records = instance.get_records_for_run(run_id, of_type=dg.DagsterEventType.RUN_START, limit=1).records
    event = records[0].event_log_entry.dagster_event if records else None
    if event is not None and event.pid is not None:
        return event.pid, records[0].event_log_entry.timestamp
    for record in instance.get_records_for_run(run_id, of_type=dg.DagsterEventType.ENGINE_EVENT, limit=20).records:
        data = record.event_log_entry.dagster_event.engine_event_data
        pid = data.metadata.get("pid") if data is not None else None
        if pid is not None and str(pid.value).isdigit():
            return int(pid.value), record.event_log_entry.timestamp
    return None


def _gone(pid: int, started_at: float, identity: str | None, seen: str | None, sight: _Sight) -> bool:
    """Whether process ``pid``, which began a run at ``started_at`` and is ``identity`` now, no longer
    runs: ``seen`` is who it was at an earlier tick; ``sight.here``, the run began on this machine or
    container as it runs now; ``sight.steady``, after a tick since which the clock was not set."""
    if seen is not None:
        return identity != seen if identity is not None else not running(pid)
    if not running(pid):
        return True
    if sight.here and identity is not None and not sight.steady:
        return False
    try:
        later = psutil.Process(pid).create_time() > started_at + SLACK_SECONDS
    except psutil.NoSuchProcess:
        return True
    except psutil.Error:  # another user's process, whose start cannot be read: it runs
        return False
    # Later by the clock: another process took its number, or the clock was set forward since the run
    # began (the run goes on); not set since the last tick, which the run's start follows, it tells which.
    return later and (sight.steady or started_at < _system_start())


def _system_start() -> float:
    """When this machine, or the container the sensor runs in, started: when its first process did
    (pids start again from 1 in a new container), read through the clock as a process's start is."""
    try:
        return psutil.Process(1).create_time()
    except psutil.Error:
        return psutil.boot_time()


def _judged(instance: dg.DagsterInstance, record: dg.RunRecord, now: float, sight: _Sight) -> str | None:
    """Why ``record``'s run no longer goes on, or None: it goes on, or it cannot be told (who the
    process of a live one is goes into ``sight``)."""
    run = record.dagster_run
    # An `sdr run`'s, perhaps in another container; a run that copied another's tags (a
    # re-execution from the UI) names that run's lock, not one of its own.
    if run.tags.get(run_liveness.TAG) == run.run_id:
        if run_liveness.released(instance.root_directory, run.run_id):
            return "The `sdr run` that ran this run is gone (killed, or the machine stopped)"
        return None
    process = _process(instance, run.run_id)
    if process is not None:
        pid, started_at = process
        key = f"{run.run_id}:{pid}"  # the launcher's process, then the one that began the run
        # Who the process was when a tick saw it alive, or as it named itself in the run's log.
        identity = process_identity.of(pid)
        seen = sight.seen.get(key) or run_process.named_identity(instance, run.run_id, pid)
        if _gone(pid, started_at, identity, seen, sight):
            return f"The process {pid} that ran this run is gone (killed, or the machine stopped)"
        if seen or identity:
            sight.alive[key] = seen or identity
        return None
    if run.status == dg.DagsterRunStatus.STARTED:  # begun by a process its run start event names
        return None
    launched = instance.get_run_stats(run.run_id).launch_time or record.create_timestamp.timestamp()
    if now - launched > START_BOUND_SECONDS:
        return f"No process began this run in the {START_BOUND_SECONDS / 60:g} min since it was launched"
    return None


@dg.sensor(minimum_interval_seconds=60, default_status=dg.DefaultSensorStatus.RUNNING)
def abandoned_runs_sensor(context: dg.SensorEvaluationContext):
    """Mark failed the runs left under way by a process that is gone, so the run queue starts runs again."""
    failed, instance = [], context.instance
    now = time.time()  # as run records keep time
    system, clock = process_identity.this_system(), process_identity.clock()
    sight = cursors.read(context, _Sight.parse, _Sight)
    sight.look(system, clock)
    for record in instance.get_run_records(filters=dg.RunsFilter(statuses=WATCHED)):
        run = record.dagster_run
        why = _judged(instance, record, now, sight)
        if why is None or instance.get_run_by_id(run.run_id).status != run.status:
            continue  # alive, not known to be gone, or it moved on since it was listed
        # One a person asked to stop ends as she asked: canceled, not failed.
        ends = "canceled" if run.status == CANCELING else "failed"
        instance.report_engine_event(
            f"{why}; the run is marked {ends}, so the run queue starts runs again and the sensors ask "
            "for its work again", run)
        (instance.report_run_canceled if run.status == CANCELING else instance.report_run_failed)(run)
        failed.append(f"{run.job_name} {run.run_id[:8]} ({ends})")
    context.update_cursor(sight.cursor(system, clock))
    if failed:
        return dg.SkipReason(f"Ended, their process gone: {', '.join(failed)}")
    return dg.SkipReason("No run left under way by a process that is gone")
