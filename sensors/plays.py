"""Plays appear as partitions; approvals and fresh research release a play's outreach run."""

import hashlib
import json

import dagster as dg
import duckdb

from resources.settings import PipelinePaths
from resources.warehouse import Warehouse
from sdr_assets.domain import approvals
from sdr_assets.domain.plays import load_plays
from sdr_assets.jobs import outreach_job, signals_job
from sdr_assets.partitions import play_partitions


@dg.sensor(job=signals_job, minimum_interval_seconds=30, default_status=dg.DefaultSensorStatus.RUNNING)
def play_files_sensor(context: dg.SensorEvaluationContext, paths: PipelinePaths):
    """Add a partition for each new play and re-qualify signals when a play's version changes.

    A removed play keeps its partition, so its history stays browsable; it simply stops sending.
    """
    seen = json.loads(context.cursor) if context.cursor else {}
    book = load_plays(paths.plays)
    current = {name: play.version_hash for name, play in book.plays.items()}
    changed = sorted(f"{n}@{h}" for n, h in current.items() if seen.get(n) != h)
    existing = set(context.instance.get_dynamic_partitions(play_partitions.name))
    new_partitions = sorted(set(current) - existing)
    if not changed and not new_partitions:
        return dg.SkipReason("No new or changed plays")
    requests = []
    if changed:
        key = hashlib.sha256("|".join(changed).encode()).hexdigest()[:16]
        requests.append(dg.RunRequest(run_key=f"plays:{key}", tags={"sdr/changed_plays": ",".join(changed)}))
    return dg.SensorResult(
        run_requests=requests,
        dynamic_partitions_requests=[play_partitions.build_add_request(new_partitions)] if new_partitions else [],
        cursor=json.dumps(current, sort_keys=True),
    )


def outreach_state(con: duckdb.DuckDBPyConnection, paths: PipelinePaths) -> dict[str, str]:
    """Per play, a fingerprint of what decides its outreach: version and its latest decision."""
    state = {}
    for name, play in load_plays(paths.plays).plays.items():
        decisions = approvals.history(con, name)
        last = decisions[-1]["decision_id"] if decisions else 0
        state[name] = f"{play.version_hash}:{last}"
    return state


@dg.sensor(job=outreach_job, minimum_interval_seconds=30, default_status=dg.DefaultSensorStatus.RUNNING)
def outreach_sensor(context: dg.SensorEvaluationContext, warehouse: Warehouse, paths: PipelinePaths):
    """Run a play's drafts, gate and sends when its version, its approval or its research changes.

    Sends still re-check the approval; follow-ups that fall due are picked up by the daily schedule.
    """
    research = context.instance.fetch_materializations(dg.AssetKey("research_angles"), limit=1).records
    research_id = research[0].storage_id if research else 0
    partitions = set(context.instance.get_dynamic_partitions(play_partitions.name))
    try:
        with Warehouse(path=warehouse.path, lock_timeout_seconds=5).connect(read_only=True) as con:
            state = outreach_state(con, paths)
    except duckdb.IOException as exc:
        return dg.SkipReason(f"Warehouse busy, will look again: {exc}")
    requests = [
        dg.RunRequest(partition_key=name, run_key=f"outreach:{name}:{fingerprint}:{research_id}")
        for name, fingerprint in sorted(state.items())
        if name in partitions
    ]
    if not requests:
        return dg.SkipReason("No play partitions yet")
    return dg.SensorResult(run_requests=requests, cursor=json.dumps({"research": research_id, "state": state}))
