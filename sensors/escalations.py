"""The escalation service level, re-checked through the working day so the UI shows who waits now."""

import dagster as dg

from sdr_assets.jobs import escalation_sla_job


@dg.schedule(job=escalation_sla_job, cron_schedule="0 9-17 * * 1-5", execution_timezone="UTC",
             default_status=dg.DefaultScheduleStatus.RUNNING)
def escalation_sla_schedule(context: dg.ScheduleEvaluationContext):
    """Hourly in business hours: re-evaluate `escalation_sla` so the oldest waiting reply is current."""
    return dg.RunRequest(run_key=f"sla:{context.scheduled_execution_time:%Y-%m-%dT%H}")
