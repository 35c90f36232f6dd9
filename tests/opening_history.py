"""An instance's Dagster history saved to a file, and loaded into new ephemeral instances.

The file holds what ``dagster debug export`` writes for a run, a ``DebugRunPayload``, for each run
in the order they were made. ``DagsterInstance.ephemeral(preload=...)`` loads such payloads: every
run into its run storage, then the payloads' events, in order, into its event storage. An event
reported outside any run (a held gate's evaluation, a person's change to the ledger) is saved
with the run it followed, so every event keeps its place and its storage id, which the pipeline
compares (``research_mark``). ``history_difference`` checks a copy against its original. A process
replays a file once and gives each caller a copy of that instance's databases.
"""

from __future__ import annotations

import functools
import json
from pathlib import Path

import dagster as dg

from tests.memory_instance import copy_instance

RUNLESS = ""  # the run id of an event reported outside any run


def _records(instance: dg.DagsterInstance) -> list[dg.EventLogRecord]:
    """Every event the instance holds, runless ones too, in the order it stored them."""
    run_ids = [RUNLESS, *(run.run_id for run in instance.get_runs())]
    records = [record for run_id in run_ids for record in instance.get_records_for_run(run_id).records]
    return sorted(records, key=lambda record: record.storage_id)


def _value(value) -> object:
    return json.loads(dg.serialize_value(value))


def save_history(instance: dg.DagsterInstance, path: Path) -> None:
    """The instance's runs and events, as a list of ``DebugRunPayload`` in ``path``."""
    runs = {run.run_id: run for run in instance.get_runs()}
    saved: list[tuple[dg.DagsterRun, list[dg.EventLogEntry]]] = []
    for record in _records(instance):
        event = record.event_log_entry
        if event.run_id not in (RUNLESS, saved[-1][0].run_id if saved else None):
            if any(run.run_id == event.run_id for run, _ in saved):
                raise ValueError(f"run {event.run_id}'s events are not together: a payload keeps them in order")
            saved.append((runs[event.run_id], []))
        if not saved:
            raise ValueError("an event was reported outside any run before the first run: no payload to keep it")
        saved[-1][1].append(event)
    payloads = [{
        "__class__": "DebugRunPayload", "version": dg.__version__,
        "pipeline_run": _value(run), "event_list": [_value(event) for event in events],
        "pipeline_snapshot": _value(instance.get_job_snapshot(run.job_snapshot_id)),
        "execution_plan_snapshot": _value(instance.get_execution_plan_snapshot(run.execution_plan_snapshot_id)),
    } for run, events in saved]
    path.write_text(json.dumps(payloads))


@functools.cache
def _snapshot_classes_known() -> None:
    """Dagster imports its run and snapshot classes, which reading a payload needs, only when a first
    instance is made: a worker that loads an opening another worker built has made none yet."""
    with dg.DagsterInstance.ephemeral():
        pass


@functools.cache
def _payloads(path: Path) -> tuple:
    """The payloads saved in ``path``, read once per process: they are immutable, and every
    instance loaded from them shares them."""
    _snapshot_classes_known()
    return tuple(dg.deserialize_value(path.read_text()))


def replay_history(path: Path) -> dg.DagsterInstance:
    """A new ephemeral instance into which Dagster loads the payloads saved in ``path``, run by run
    and event by event."""
    return dg.DagsterInstance.ephemeral(preload=_payloads(path))


@functools.cache
def _replayed(path: Path) -> dg.DagsterInstance:
    """``replay_history(path)``, once per process: no test gets it, each gets a copy of it."""
    return replay_history(path)


def load_history(path: Path) -> dg.DagsterInstance:
    """A new ephemeral instance holding the runs and events saved in ``path``: a copy of the one this
    process replayed (``copy_instance``), with the same runs, events and storage ids as a replay
    of its own, at a small part of its cost."""
    return copy_instance(_replayed(path))


def history_difference(original: dg.DagsterInstance, copy: dg.DagsterInstance) -> str | None:
    """Where ``copy`` holds other runs or events than ``original``, or None when it holds the same."""
    def runs(instance: dg.DagsterInstance) -> list[tuple]:
        return [(run.run_id, run.job_name, run.status, run.tags) for run in instance.get_runs()]

    if runs(copy) != runs(original):
        return f"the runs differ: {runs(copy)} against {runs(original)}"
    events = [[(record.storage_id, record.event_log_entry) for record in _records(instance)]
              for instance in (original, copy)]
    for was, now in zip(*events, strict=False):
        if now != was:
            return f"event {was[0]} differs: {now} against {was}"
    if len(events[0]) != len(events[1]):
        return f"{len(events[1])} events against {len(events[0])}"
    return None
