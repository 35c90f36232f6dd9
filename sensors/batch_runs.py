"""How many runs of one batch of input failed, for a sensor that asks for the batch again after each."""

import dagster as dg


def failed_runs(instance: dg.DagsterInstance, tag: str, batch: str) -> int:
    """Runs tagged ``tag`` = ``batch`` that failed or were canceled."""
    finished = [dg.DagsterRunStatus.FAILURE, dg.DagsterRunStatus.CANCELED]
    return len(instance.get_run_ids(filters=dg.RunsFilter(tags={tag: batch}, statuses=finished)))
