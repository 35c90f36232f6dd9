"""The ledger and the analytics follow any change to what they count, whoever made it.

Each play's job and ``replies_job`` refresh the analytics in their own run. Every other change reaches
them through this sensor: one play's sends materialised alone (the UI's "Materialize", a
re-execution), a person settling a crashed send outside any run (``sdr sends resolve``), a decision on
a play (its state in the summary), a table a signals run refreshed that the snapshot copies. Each tick
asks the analytics steps' own tests (``sdr_assets/unchanged_analytics.py``), so a run is launched only
when one of them would write something, of those steps alone; the whole ledger comes too when a play's
sends ran after it last did.

No run is asked for while another is under way: what that one writes is counted once it ends, by its
own analytics or at the next tick. The run key names what the analytics last computed from and the
steps due, with how many runs of them were asked for; each after the first waits twice as long as the
one before, up to an hour (``sensors/reply_backoff.py``), so a step that fails, or leaves its test
unmet, is not launched on every tick.
"""

import hashlib
from pathlib import Path

import dagster as dg

from resources.damage import WarehouseLocked
from resources.settings import PipelinePaths, SendPolicy
from resources.warehouse import Warehouse
from sdr_assets.jobs import analytics_job
from sdr_assets.unchanged_analytics import COUNTS, computed_from, due_analytics
from sensors import reply_backoff
from sensors.batch_runs import UNDER_WAY
from sensors.recorded import SENSOR_LOCK_SECONDS

BATCH_TAG = "sdr/analytics_batch"
LEDGER = dg.AssetKey("send_ledger")


def ledger_behind(instance: dg.DagsterInstance, plays: set[dg.AssetKey]) -> bool:
    """Whether one of ``plays``' sends was materialised after the whole ledger last was."""
    latest = {record.asset_entry.asset_key: record.asset_entry.last_materialization_record.storage_id
              for record in instance.get_asset_records([LEDGER, *plays])
              if record.asset_entry.last_materialization_record is not None}
    return any(latest.get(play, 0) > latest.get(LEDGER, 0) for play in plays)


@dg.sensor(job=analytics_job, minimum_interval_seconds=30, default_status=dg.DefaultSensorStatus.RUNNING,
           description="Refreshes send_ledger, reply_rate_summary, reply_performance, outreach_funnel and the "
                       "notebooks' snapshot when one of them would change and no run is under way: one play's "
                       "sends materialised alone, a send settled by hand, a decision, a table the snapshot copies.")
def analytics_freshness_sensor(context: dg.SensorEvaluationContext, warehouse: Warehouse, paths: PipelinePaths,
                               policy: SendPolicy):
    """One run of the analytics steps whose own test says they would write something."""
    under_way = context.instance.get_runs(filters=dg.RunsFilter(statuses=UNDER_WAY), limit=1)
    if under_way:
        return dg.SkipReason(f"Run {under_way[0].run_id[:8]} of {under_way[0].job_name} is under way: the "
                             "analytics are compared with what it wrote once it ends")
    if not Path(warehouse.path).exists():
        return dg.SkipReason(f"No warehouse at {warehouse.path} yet: nothing to count")
    try:
        with Warehouse(path=warehouse.path, lock_timeout_seconds=SENSOR_LOCK_SECONDS).connect(read_only=True) as con:
            due, computed = due_analytics(con, paths), computed_from(con)
    except WarehouseLocked:
        return dg.SkipReason("The warehouse is busy; the analytics are compared with it at the next tick")
    if not due:
        return dg.SkipReason("The analytics count every table as it is now")
    if COUNTS <= set(due) and ledger_behind(context.instance, context.repository_def.asset_graph.get(LEDGER).parent_keys):
        due = [LEDGER, *due]
    steps = ",".join(key.to_user_string() for key in due)
    batch = hashlib.sha256(f"{computed}|{steps}".encode()).hexdigest()[:16]
    attempt = len(context.instance.get_run_ids(filters=dg.RunsFilter(tags={BATCH_TAG: batch})))
    asked, until = reply_backoff.next_ask(reply_backoff.last_asked(context.cursor), batch, attempt, policy.now())
    if until is not None:
        return dg.SensorResult(skip_reason=dg.SkipReason(
            f"The analytics run for {steps} was asked for {attempt} time{'' if attempt == 1 else 's'} without "
            f"settling them, so the next is asked for at {until:%Y-%m-%d %H:%M:%S} UTC"), cursor=asked.cursor())
    return dg.SensorResult(
        run_requests=[dg.RunRequest(run_key=f"analytics:{batch}:{attempt}", asset_selection=due,
                                    tags={BATCH_TAG: batch, "sdr/analytics_steps": steps})],
        cursor=asked.cursor())
