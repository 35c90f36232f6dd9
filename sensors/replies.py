"""Notice new messages in the reply mailbox."""

import hashlib

import dagster as dg

from resources.mailbox import Mailbox
from sdr_assets.jobs import replies_job


@dg.sensor(job=replies_job, minimum_interval_seconds=60, default_status=dg.DefaultSensorStatus.RUNNING)
def reply_mailbox_sensor(context: dg.SensorEvaluationContext, mailbox: Mailbox):
    """One triage run per batch of new messages; the run key is derived from the mailbox position."""
    messages, cursor = mailbox.fetch_new(context.cursor or None)
    if not messages:
        return dg.SkipReason("No new replies")
    return dg.SensorResult(
        run_requests=[dg.RunRequest(run_key="replies:" + hashlib.sha256((cursor or "").encode()).hexdigest()[:16], tags={"sdr/new_messages": str(len(messages))})],
        cursor=cursor,
    )
