"""A run that stays started: a child process runs a job whose one step sleeps, against a Dagster
instance on disk, while a test asks the abandoned-runs sensor about it."""

from __future__ import annotations

import textwrap
import time

import dagster as dg

SLOW_JOB = textwrap.dedent("""
    import json, sys, time
    import dagster as dg

    @dg.op
    def slow_step():
        time.sleep(120)

    @dg.job
    def slow_job():
        slow_step()
""")


def child_script(run: str) -> str:
    """The child's script: the slow job, then ``run``, a line that runs it with ``instance`` (the
    instance whose folder is the first argument)."""
    return f"{SLOW_JOB}\nwith dg.DagsterInstance.from_config(sys.argv[1]) as instance:\n    {run}\n"


def started_run(instance: dg.DagsterInstance, what: str, tags: dict[str, str] | None = None) -> dg.DagsterRun:
    """The started run (tagged ``tags``) once its step began; ``what`` names it if it never does."""
    for _ in range(600):
        runs = instance.get_runs(filters=dg.RunsFilter(tags=tags or {}, statuses=[dg.DagsterRunStatus.STARTED]))
        if runs and instance.get_records_for_run(runs[0].run_id, of_type=dg.DagsterEventType.STEP_START).records:
            return runs[0]
        time.sleep(0.1)
    raise AssertionError(f"{what} never started")
