"""Notice new messages in the reply mailbox."""

import hashlib

import dagster as dg

from resources.mailbox import Mailbox
from resources.warehouse import Warehouse
from sdr_assets.jobs import replies_job
from sensors import recorded


@dg.sensor(job=replies_job, minimum_interval_seconds=60, default_status=dg.DefaultSensorStatus.RUNNING)
def reply_mailbox_sensor(context: dg.SensorEvaluationContext, mailbox: Mailbox, warehouse: Warehouse):
    """One triage run per batch of new messages; the run key is derived from the mailbox position."""
    # Without a cursor, start where the last triage stopped reading (raw_replies records it).
    messages, cursor = mailbox.fetch_new(context.cursor or recorded.mailbox_cursor(warehouse, type(mailbox).__name__))
    if not messages:
        return dg.SkipReason("No new replies")
    return dg.SensorResult(
        run_requests=[dg.RunRequest(run_key="replies:" + hashlib.sha256((cursor or "").encode()).hexdigest()[:16], tags={"sdr/new_messages": str(len(messages))})],
        cursor=cursor,
    )
