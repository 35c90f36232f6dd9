"""The run the outreach sensor asks for to send a play's new state (its mark), and again after it fails.

Dagster starts a run key once, whatever became of its run, so the key counts the runs of the mark
that sent nothing (failed, cancelled, or with the send step skipped: ``sent_nothing``):
``outreach:{play}:{mark}:{failures}``. After runs failed in a row the next is asked for later each
time, as the reply sensor's (``sensors/reply_backoff.py``), counted from when the failed one was
asked for: a tag of the run, by the project clock. Only a run that ended on a cause that passes is
asked for again (``refused``): the warehouse held or unavailable, a run cancelled or stopped, a
process that died, a refusal marked ``CLEARS_ITSELF`` (replies not read yet, until the replies job
reads them), a send step skipped (the send lock held, a wait for a fresh replies run). A run a
holding check stopped (the approval gate, the monitor, the deliverability guard) is the play
waiting as designed, and one whose step refused otherwise (a ``dg.Failure``: no postal address, a
DKIM key that cannot sign) or failed on another error fails the same way again: neither is asked
for again; the play's next state or its next daily run sends.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import dagster as dg

from sdr_assets.play_state import CLEARS_ITSELF, SKIPPED, holds
from sensors import reply_backoff

MARK_TAG = "sdr/outreach_mark"
ASKED_AT_TAG = "sdr/asked_at"
ENDED_UNSENT = [dg.DagsterRunStatus.FAILURE, dg.DagsterRunStatus.CANCELED]
# The errors a step fails on that pass by themselves (``resources/damage.py``; a run stopped by a
# signal): a damaged warehouse is restored by a person, so it is none of them.
PASSING_ERRORS = {"WarehouseLocked", "WarehouseUnavailable", "DagsterExecutionInterruptedError"}


def run_tags(play: str, mark: str, now: datetime) -> dict[str, str]:
    """What a run the sensor asks for carries: its failure counts for the mark, from when it was asked."""
    return {"sdr/play": play, MARK_TAG: mark, ASKED_AT_TAG: now.isoformat()}


def stopped_by(instance: dg.DagsterInstance, run_id: str) -> str | None:
    """The holding check that failed in the run, if one did."""
    records = instance.get_records_for_run(run_id, of_type=dg.DagsterEventType.ASSET_CHECK_EVALUATION).records
    for record in records:
        evaluation = record.event_log_entry.dagster_event.asset_check_evaluation_data
        if holds(evaluation):
            return evaluation.check_name
    return None


def refused(instance: dg.DagsterInstance, run_id: str) -> str | None:
    """The first line of what the run's failed step said, when asking again would fail the same way:
    a refusal (the description of its ``dg.Failure``) or an error that does not pass by itself. None
    when no step failed (the run was cancelled or its process died), its error passes, or its refusal
    is marked as one whose cause clears without a person (``CLEARS_ITSELF``)."""
    for record in instance.get_records_for_run(run_id, of_type=dg.DagsterEventType.STEP_FAILURE).records:
        failure = record.event_log_entry.dagster_event.step_failure_data
        refusal = failure.user_failure_data
        if refusal is not None and _clears_itself(refusal.metadata):
            return None
        if refusal is not None and refusal.description:
            return refusal.description.strip().splitlines()[0]
        errors = []
        error = failure.error
        while error is not None:
            errors.append(error)
            error = error.cause or error.context
        if errors and not any(error.cls_name in PASSING_ERRORS for error in errors):
            raised = next((error for error in errors if not error.cls_name.startswith("Dagster")), errors[0])
            said = raised.message.strip().splitlines()
            return said[0] if said else raised.cls_name
    return None


def _clears_itself(metadata: dict) -> bool:
    flag = metadata.get(CLEARS_ITSELF)
    return bool(flag.value if isinstance(flag, dg.MetadataValue) else flag)


def not_asked_again(instance: dg.DagsterInstance, play: str, what: str, run_id: str) -> str | None:
    """Why a run of ``play`` that sent nothing is not asked for again: a holding check stopped it, or
    it would fail the same way (``refused``); None: it is asked for again."""
    check = stopped_by(instance, run_id)
    if check:
        return (f"{play}: its {what} {run_id[:8]} stopped at {check}; it is not asked for again, the "
                "play's next state (decision, version, research) or its next daily run sends")
    said = refused(instance, run_id)
    if said:
        return (f"{play}: its {what} {run_id[:8]} failed: \"{said}\"; it is not asked for again, it would fail "
                "the same way: fix the cause, then `sdr run`, or the play's next state or next daily run sends")
    return None


def sent_nothing(instance: dg.DagsterInstance, play: str, run: dg.DagsterRun) -> bool:
    """The run failed or was canceled, or it succeeded with the play's send step skipped (another
    batch held the send lock, or it waited for a replies run): a designed state, green in the UI,
    but nothing was sent."""
    if run.status in ENDED_UNSENT:
        return True
    if run.status != dg.DagsterRunStatus.SUCCESS:
        return False
    records = instance.get_records_for_run(run.run_id, of_type=dg.DagsterEventType.ASSET_MATERIALIZATION).records
    return any(materialization.asset_key == dg.AssetKey([play, "send_ledger"])
               and SKIPPED in materialization.metadata
               for materialization in (record.event_log_entry.asset_materialization for record in records))


def backoff(play: str, what: str, batch: str, unsent: list[dg.DagsterRun], now: datetime) -> str | None:
    """Why the run after ``unsent`` (the runs of ``batch`` that sent nothing, newest first) waits;
    None: it is asked for now."""
    asked_at = unsent[0].tags.get(ASKED_AT_TAG) if unsent else None
    if not asked_at:
        return None
    asked = reply_backoff.Asked(batch, len(unsent) - 1, datetime.fromisoformat(asked_at).astimezone(UTC))
    _, until = reply_backoff.next_ask(asked, batch, len(unsent), now)
    if until is None:
        return None
    minutes = reply_backoff.wait(len(unsent)) // timedelta(minutes=1)
    # A run that waited in green for the replies sent nothing; it did not fail.
    ended = "failed" if all(run.status in ENDED_UNSENT for run in unsent) else "sent nothing"
    return (f"{play}: its {what} {ended} {len(unsent)} time{'' if len(unsent) == 1 else 's'} in a row, so the "
            f"next is asked for at {until:%Y-%m-%d %H:%M:%S} UTC, {minutes} min after the last")


def release_request(instance: dg.DagsterInstance, job_name: str, play: str, mark: str,
                    now: datetime) -> dg.RunRequest | str:
    """The run that sends ``mark`` of ``play``, or why none is asked for now."""
    runs = instance.get_runs(filters=dg.RunsFilter(tags={"sdr/play": play, MARK_TAG: mark}))
    failed = [run for run in runs if sent_nothing(instance, play, run)]
    if failed:
        final = not_asked_again(instance, play, "run", failed[0].run_id)
        if final:
            return final
        wait = backoff(play, "send run", mark, failed, now)
        if wait:
            return wait
    return dg.RunRequest(job_name=job_name, run_key=f"outreach:{play}:{mark}:{len(failed)}",
                         tags=run_tags(play, mark, now))
