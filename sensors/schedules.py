"""The daily cadence: follow-up steps fall due with time, not with new data."""

import dagster as dg

from sdr_assets.jobs import outreach_job
from sdr_assets.partitions import play_partitions


@dg.schedule(job=outreach_job, cron_schedule="0 8 * * 1-5", execution_timezone="UTC",
             default_status=dg.DefaultScheduleStatus.RUNNING)
def daily_outreach_schedule(context: dg.ScheduleEvaluationContext):
    """Weekday mornings: one outreach run per play, so due follow-ups go out. The gate still applies."""
    day = context.scheduled_execution_time.date().isoformat()
    plays = sorted(context.instance.get_dynamic_partitions(play_partitions.name))
    if not plays:
        return dg.SkipReason("No play partitions yet")
    return [dg.RunRequest(partition_key=name, run_key=f"daily:{name}:{day}") for name in plays]
