"""The escalation service level, re-checked through the working day so the UI shows who waits now."""

from datetime import UTC, datetime, time

import dagster as dg

from resources.settings import EscalationPolicy
from sdr_assets.jobs import escalation_sla_job


def in_business_hours(policy: EscalationPolicy, moment) -> bool:
    """Whether ``moment`` falls on a weekday's business hours in the team's zone, its last hour's end included."""
    local = moment.astimezone(policy.zone())
    return (local.weekday() < 5
            and time(policy.business_day_start) <= local.time() <= time(policy.business_day_end))


@dg.schedule(job=escalation_sla_job, cron_schedule="0 * * * *", execution_timezone="UTC",
             default_status=dg.DefaultScheduleStatus.RUNNING)
def escalation_sla_schedule(context: dg.ScheduleEvaluationContext, escalation_policy: EscalationPolicy):
    """Hourly in the team's business hours (`SDR_BUSINESS_TIMEZONE`): re-evaluate `escalation_sla`
    so the oldest waiting reply is current."""
    when = context.scheduled_execution_time or datetime.now(UTC)
    if not in_business_hours(escalation_policy, when):
        return dg.SkipReason(f"{when:%a %H:%M} UTC is outside the team's business hours "
                             f"({escalation_policy.business_timezone})")
    return dg.RunRequest(run_key=f"sla:{when:%Y-%m-%dT%H}")
