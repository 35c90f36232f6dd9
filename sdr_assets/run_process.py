"""The process that runs a run names who it is (``process_identity``: this machine's boot, its pid,
its start counted from that boot) in the run's event log, as its warehouse is set up: the abandoned-runs
sensor then judges the run by that identity from its first look, which no clock moves. Without it, a
run launched after a boot and first seen after the clock was set forward (NTP, before the sensor's first
tick on that boot) read as one begun before the machine started, and its live process as another."""

from __future__ import annotations

import os

import dagster as dg

from sdr_assets import process_identity

PREFIX = "The process that runs this run is "
_named: set[str] = set()  # the runs this process has named itself in


def name_process(instance: dg.DagsterInstance | None, run_id: str | None) -> None:
    """Record this process's identity in run ``run_id``'s event log, once a run."""
    if instance is None or not run_id or run_id in _named:
        return
    identity = process_identity.of(os.getpid())
    run = instance.get_run_by_id(run_id)
    if identity is None or run is None:
        return
    instance.report_engine_event(f"{PREFIX}{identity}", run)
    _named.add(run_id)


def named_identity(instance: dg.DagsterInstance, run_id: str, pid: int) -> str | None:
    """The identity process ``pid`` recorded in ``run_id``'s event log, or None if it named none."""
    for record in instance.get_records_for_run(run_id, of_type=dg.DagsterEventType.ENGINE_EVENT, limit=50).records:
        event = record.event_log_entry.dagster_event
        message = (event.message if event is not None else None) or ""
        if message.startswith(PREFIX) and message[len(PREFIX):].split("/")[1:2] == [str(pid)]:
            return message[len(PREFIX):]
    return None
