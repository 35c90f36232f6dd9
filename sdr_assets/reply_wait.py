"""Whether a step that sends nothing while replies lag waits in green or fails red.

While opt-outs may wait unread (``reply_intake.replies_behind``) the send step and the LinkedIn
tasks step plan nothing either way. The wait is green only while one replies run explains it and is
fresh: the run that last planned ``raw_replies`` (the replies job's, or the asset's from the UI),
queued less than the bound ago, started with its last event less than the bound ago (it reads
them), or failed or cancelled less than the bound ago (its own red shows the cause). The bound is
the reply lag, ``SDR_REPLY_MAX_LAG_MINUTES``. Past it, with no such run (the last read succeeded and
left mail unread or untriaged, none ran, a run left 'started' by a killed process), or once the
step's wait itself has lasted the bound (a new failed run before each step would restart it), the
step fails red, saying why: nothing stays green for ever while opt-outs wait. Each wait is recorded
per play and step (``reply_waits``) for ``sdr status``; the replies job clears them all once it leaves
nothing behind, so a later lag starts a new wait.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

import dagster as dg
import duckdb

from sdr_assets.play_state import CLEARS_ITSELF, SKIPPED
from sdr_assets.reply_wait_records import record_wait, refuse_wait, wait_began

READS_THE_MAILBOX = dg.AssetKey("raw_replies")
UNDER_WAY = {dg.DagsterRunStatus.QUEUED, dg.DagsterRunStatus.NOT_STARTED, dg.DagsterRunStatus.STARTING,
             dg.DagsterRunStatus.STARTED}
ENDED_RED = {dg.DagsterRunStatus.FAILURE, dg.DagsterRunStatus.CANCELING, dg.DagsterRunStatus.CANCELED}


@dataclass(frozen=True)
class RepliesRun:
    """The replies run a wait is tied to, and how long ago it was queued, last gave a sign of life or
    ended."""

    run_id: str
    job: str
    status: str
    minutes: float

    @property
    def label(self) -> str:
        return f"{self.job} run {self.run_id[:8]} ({self.status})"

    def __str__(self) -> str:
        return f"{self.job} run {self.run_id[:8]} ({self.status} {max(0.0, self.minutes):.0f} min ago)"


def _last_replies_run(instance: dg.DagsterInstance, now: float) -> tuple[RepliesRun, dg.DagsterRunStatus] | None:
    records = instance.get_asset_records([READS_THE_MAILBOX])
    run_id = records[0].asset_entry.last_run_id if records else None
    record = instance.get_run_record_by_id(run_id) if run_id else None
    if record is None:
        return None
    run, status = record.dagster_run, record.dagster_run.status
    at = record.create_timestamp.timestamp()
    if status in (dg.DagsterRunStatus.STARTING, dg.DagsterRunStatus.STARTED):  # aged from its last sign of life
        last = instance.get_records_for_run(run.run_id, limit=1, ascending=False).records
        at = max(at, record.start_time or at, last[0].event_log_entry.timestamp if last else at)
    elif status not in UNDER_WAY:
        at = record.end_time or record.update_timestamp.timestamp()
    said = "queued" if status in (dg.DagsterRunStatus.QUEUED, dg.DagsterRunStatus.NOT_STARTED) \
        else status.value.lower()
    return RepliesRun(run.run_id, run.job_name, said, (now - at) / 60), status


def explaining_run(instance: dg.DagsterInstance | None, now: float, bound: timedelta) -> RepliesRun | str:
    """The fresh replies run that explains the lag (``now``: the wall clock, as run records keep
    time), or why none does."""
    found = _last_replies_run(instance, now) if instance is not None else None
    if found is None:
        return "no replies run reads them"
    run, status = found
    limit = bound / timedelta(minutes=1)
    if status not in UNDER_WAY | ENDED_RED:
        return f"the last replies run, {run}, did not read them"
    if run.minutes < -1:  # recorded over a minute after the clock reads: it cannot say it is fresh
        return f"the last replies run, {run.label}, was recorded later than the clock reads"
    if run.minutes >= limit:
        return (f"the last replies run, {run}, is older than the {limit:g} min a run may explain it "
                "(SDR_REPLY_MAX_LAG_MINUTES)")
    return run


def wait_or_refuse(context: dg.AssetExecutionContext | None, con: duckdb.DuckDBPyConnection, name: str,
                   why: str, now: datetime, wall: float, bound: timedelta, step: str) -> dict:
    """The metadata of a green wait tied to a fresh replies run (recorded for ``sdr status``), or a
    red refusal that says why no run explains it or that the wait has lasted ``bound`` (``now``, the
    pipeline clock); either way nothing is planned or sent."""
    run = explaining_run(context.instance if context is not None else None, wall, bound)
    began = wait_began(con, name, step)
    if began is not None and began > now:  # recorded by a clock set ahead since: the wait begins now
        began = now
    if not isinstance(run, str) and began is not None and now - began >= bound:
        run = (f"{step} has waited for the replies since {began:%Y-%m-%d %H:%M} UTC, the "
               f"{bound / timedelta(minutes=1):g} min a wait may last (SDR_REPLY_MAX_LAG_MINUTES)")
    if isinstance(run, str):
        refuse_wait(con, name, step)
        raise dg.Failure(description=f"{name}: {step} stopped: {why} ({run})",
                         metadata={"play": name, "sent": 0, CLEARS_ITSELF: True})
    record_wait(con, name, step, run.run_id, run.label, why, now, wall - run.minutes * 60 + bound.total_seconds())
    if context is not None:
        context.log.warning(f"{name}: {step} waits for the replies ({run}): {why}")
    return {SKIPPED: f"{step} waits for the replies: {why}", "waits_for": run.run_id, "waits_for_run": str(run),
            "play": name}
