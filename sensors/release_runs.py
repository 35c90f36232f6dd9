"""The run the outreach sensor asks for to send a play's new state (its mark), and again after it fails.

Dagster starts a run key once, whatever became of its run, so the key counts the failed or cancelled
runs of the mark: ``outreach:{play}:{mark}:{failures}``. After runs failed in a row the next is asked
for later each time, as the reply sensor's (``sensors/reply_backoff.py``), counted from when the
failed one was asked for: a tag of the run, by the project clock. A run a holding check stopped (the
approval gate, the monitor, the deliverability guard) is the play waiting as designed: it is not
asked for again; the play's next state or its next daily run sends.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import dagster as dg

from sdr_assets.play_state import HOLDING_CHECKS
from sensors import reply_backoff

MARK_TAG = "sdr/outreach_mark"
ASKED_AT_TAG = "sdr/asked_at"
ENDED_UNSENT = [dg.DagsterRunStatus.FAILURE, dg.DagsterRunStatus.CANCELED]


def run_tags(play: str, mark: str, now: datetime) -> dict[str, str]:
    """What a run the sensor asks for carries: its failure counts for the mark, from when it was asked."""
    return {"sdr/play": play, MARK_TAG: mark, ASKED_AT_TAG: now.isoformat()}


def _stopped_by(instance: dg.DagsterInstance, run_id: str) -> str | None:
    """The holding check that failed in the run, if one did."""
    records = instance.get_records_for_run(run_id, of_type=dg.DagsterEventType.ASSET_CHECK_EVALUATION).records
    for record in records:
        evaluation = record.event_log_entry.dagster_event.asset_check_evaluation_data
        if evaluation.check_name in HOLDING_CHECKS and not evaluation.passed:
            return evaluation.check_name
    return None


def release_request(instance: dg.DagsterInstance, job_name: str, play: str, mark: str,
                    now: datetime) -> dg.RunRequest | str:
    """The run that sends ``mark`` of ``play``, or why none is asked for now."""
    failed = instance.get_run_records(filters=dg.RunsFilter(tags={"sdr/play": play, MARK_TAG: mark},
                                                            statuses=ENDED_UNSENT))
    if failed:
        last = failed[0].dagster_run  # the newest
        check = _stopped_by(instance, last.run_id)
        if check:
            return (f"{play}: its run {last.run_id[:8]} stopped at {check}; it is not asked for again, the "
                    "play's next state (decision, version, research) or its next daily run sends")
        asked_at = last.tags.get(ASKED_AT_TAG)
        if asked_at:
            asked = reply_backoff.Asked(mark, len(failed) - 1, datetime.fromisoformat(asked_at).astimezone(UTC))
            _, until = reply_backoff.next_ask(asked, mark, len(failed), now)
            if until is not None:
                minutes = reply_backoff.wait(len(failed)) // timedelta(minutes=1)
                return (f"{play}: its send run failed {len(failed)} time{'' if len(failed) == 1 else 's'} in a "
                        f"row, so the next is asked for at {until:%Y-%m-%d %H:%M:%S} UTC, {minutes} min after "
                        "the last")
    return dg.RunRequest(job_name=job_name, run_key=f"outreach:{play}:{mark}:{len(failed)}",
                         tags=run_tags(play, mark, now))
