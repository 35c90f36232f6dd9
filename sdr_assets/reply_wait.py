"""Whose to report is a send step's wait for the replies: the replies run's, or the send step's own.

The send step sends nothing while opt-outs may wait unread (``reply_intake.replies_behind``). The
run that last planned ``raw_replies`` (the replies job's, or the asset's from the UI) decides what
shows red. Queued or under way, it reads them: the send step waits as designed. Failed or
cancelled, the UI shows that run already, with its reason (the IMAP server down, say): the send
step waits for it and says so, in green, rather than show the same cause red a second time. With
no such run (the last one succeeded, or none ran) nothing else reports the cause, such as a
mailbox only the reply sensor found unreadable: the send step fails, red, for a person to see.
"""

from __future__ import annotations

import dagster as dg

READS_THE_MAILBOX = dg.AssetKey("raw_replies")


def replies_run_answering(instance: dg.DagsterInstance) -> str | None:
    """The replies run that reads what holds sending or shows why it could not, as
    ``"replies_job run 1a2b3c4d: failure"``; None when no run does."""
    records = instance.get_asset_records([READS_THE_MAILBOX])
    run_id = records[0].asset_entry.last_run_id if records else None
    run = instance.get_run_by_id(run_id) if run_id else None
    if run is None or run.status == dg.DagsterRunStatus.SUCCESS:
        return None
    return f"{run.job_name} run {run.run_id[:8]}: {run.status.value.lower().replace('_', ' ')}"
