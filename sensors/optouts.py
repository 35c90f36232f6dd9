"""Notice new clicks in the opt-out log written by `sdr serve`, and clicks a failed run left unread.

The cursor moves past the clicks when it asks for their run; a run that ended without ingesting
them (a warehouse held too long) leaves them behind where ingestion reached, and the sensor asks
for them again under a new run key, later each time (``sensors/batch_runs.next_attempt``): the
opt-out job may be the only one that runs for days, and its monitor counts link unsubscribes
against their play.
"""

import time
from datetime import datetime

import dagster as dg

from resources.damage import WarehouseLocked
from resources.settings import PipelinePaths, SendPolicy
from resources.warehouse import Warehouse
from sdr_assets import optout_log
from sdr_assets.domain.file_clock import racy
from sdr_assets.line_log import Cursor
from sensors import cursors, recorded
from sensors.batch_runs import ENDED, next_attempt
from sensors.release_runs import ASKED_AT_TAG
from sdr_assets.jobs import optouts_job

BATCH_TAG = "sdr/optout_batch"


@dg.sensor(job=optouts_job, minimum_interval_seconds=30, default_status=dg.DefaultSensorStatus.RUNNING)
def optout_log_sensor(context: dg.SensorEvaluationContext, paths: PipelinePaths, warehouse: Warehouse,
                      policy: SendPolicy):
    """One ingestion run whenever the log grew, or was rewritten in place at the same size (its inode or
    status change time moved); the cursor is the byte offset already requested and the file's status then.
    Without a cursor it starts from where ingestion reached and the status it recorded there (or, where
    it recorded none, the digests of what it read), and its first tick records the status it finds, so
    a rewrite right after is seen. Clicks behind it that ingestion has not reached are asked for again."""
    try:
        since = cursors.read(context, log_place, lambda: recorded.optout_place(warehouse))
    except WarehouseLocked:
        return dg.SkipReason("The warehouse is busy; the opt-out log is read from its offset at the next tick")
    seen, status = since.offset, (since.inode, since.changed) \
        if since.inode is not None and since.changed is not None else None
    # Ingestion's digests of what it read (none in the sensor's own cursor) tell a rewrite where no status does.
    read = optout_log.read(paths.data_dir, Cursor(seen, head=since.head, tail=since.tail, prefix=since.prefix))
    end, now = read.end, (read.cursor.inode, read.cursor.changed)
    cursor = f"{end}:{now[0]}:{now[1]}" if now[1] is not None else str(end)
    rewritten = end == seen and (status != now if status is not None else _digests_moved(since, read.cursor))
    if end == seen and not rewritten:
        try:
            again = _unread_again(context.instance, paths, warehouse, policy.now())
        except WarehouseLocked:
            return dg.SkipReason("The warehouse is busy; the opt-out log is compared with it at the next tick")
        skip = dg.SkipReason(again) if isinstance(again, str) else dg.SkipReason(
            f"No new opt-outs in {optout_log.log_path(paths.data_dir)}")
        if isinstance(again, dg.RunRequest):
            return dg.SensorResult(run_requests=[again], cursor=context.cursor)
        # A status is learned once the clock is clear of it: a rewrite within its tick could keep it.
        if now[1] is None or racy(time.time_ns(), now[1]) or cursor == context.cursor:
            return skip
        return dg.SensorResult(skip_reason=skip, cursor=cursor)
    if end < seen or rewritten:  # replaced or rewritten: ingestion starts it over (events are keyed, so nothing doubles)
        seen = 0
    # The key names the file too: the same byte range of a log that replaced another is new work, and
    # so is a rewrite in place, known by its status change time.
    batch = f"{read.cursor.head}:{seen}-{end}" + (f":{now[1]}" if rewritten else "")
    return dg.SensorResult(run_requests=[_request(batch, seen, end, 0, policy.now())], cursor=cursor)


def _request(batch: str, start: int, end: int, attempt: int, now: datetime, behind: bool = False) -> dg.RunRequest:
    """The run for ``batch``'s attempt ``attempt`` (runs of it that ended before): the first is keyed by the
    batch; one for clicks ``behind`` that runs of other batches left unread has a key of its own."""
    suffix = ":behind" if behind else (f":{attempt}" if attempt else "")
    return dg.RunRequest(run_key=f"optouts:{batch}{suffix}",
                         tags={"sdr/optout_log_bytes": f"{start}-{end}", BATCH_TAG: batch,
                               ASKED_AT_TAG: now.isoformat()})


def _unread_again(instance: dg.DagsterInstance, paths: PipelinePaths, warehouse: Warehouse,
                  now: datetime) -> dg.RunRequest | str | None:
    """The run for the clicks ingestion has not reached though the cursor passed them (their run ended
    without it), why it waits, or None when ingestion is where the cursor is or a run under way reads them."""
    since = recorded.optout_place(warehouse)
    unread = optout_log.read(paths.data_dir, since)
    if not unread.records:
        return None
    start = since.offset if unread.cursor.head == since.head else 0
    batch = f"{unread.cursor.head}:{start}-{unread.end}"
    runs, until = next_attempt(instance, BATCH_TAG, batch, now)
    if not runs.ended:
        last = instance.get_runs(filters=dg.RunsFilter(job_name=optouts_job.name), limit=1)
        if not last or last[0].status not in ENDED:
            return None  # asked for, or under way: ingestion starts where it reached, so its run reads them
        # Left by runs of other batches (the log grew between two that failed) or of an earlier version.
        return _request(batch, start, unread.end, 0, now, behind=True)
    if until is not None:
        return (f"{len(unread.records)} opt-out(s) in {optout_log.log_path(paths.data_dir)} wait: "
                f"{runs.said('the opt-out run')}, so the next is asked for at {until:%Y-%m-%d %H:%M:%S} UTC")
    return _request(batch, start, unread.end, runs.ended, now)


def _digests_moved(since: Cursor, reached: Cursor) -> bool:
    """Whether the bytes ``since`` vouches for by digest are not those read now (False where it has none)."""
    return bool(since.prefix) and (since.head, since.tail, since.prefix) != (reached.head, reached.tail, reached.prefix)


def log_place(cursor: str) -> Cursor:
    """The byte offset already requested and the log's inode and status change time then: "offset:inode:ctime",
    or a bare offset as cursors were written before the status was kept (no status: unknown)."""
    offset, *status = cursor.split(":")
    if status and len(status) != 2:
        raise ValueError("neither a byte offset nor offset:inode:ctime")
    inode, changed = (int(status[0]), int(status[1])) if status else (None, None)
    return Cursor(cursors.byte_offset(offset), inode=inode, changed=changed)
