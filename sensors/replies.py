"""Notice unread messages in the reply mailbox.

Each tick reads from the position ``raw_replies`` stored, not from a position of the sensor's own: a
run that failed before storing its messages (a locked warehouse) leaves them unread, and they are
requested again until a run reads them in; replies a run stored and did not triage (it broke after
storing a batch) are asked for as a batch of their own. The run key names the batch of messages and how many of
its runs failed, so a tick never starts a second run for a batch done; none is asked for while a
replies run is under way, as it moves the position batch by batch. After runs of a
batch failed in a row, the next waits twice as long as the one before, up to an hour; the sensor's
cursor keeps when it last asked (``sensors/reply_backoff.py``). What waits unread is recorded on
every tick, waiting or not, for the send step, which holds back while it stays unread
(``sdr_assets/reply_intake.py``).
"""

import hashlib
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import dagster as dg
import duckdb

from resources.damage import WarehouseLocked
from resources.mailbox import Mailbox
from resources.settings import SendPolicy
from resources.warehouse import Warehouse
from sdr_assets.jobs import replies_job
from sdr_assets.mailbox_seen import stored_position
from sdr_assets.reply_intake import clear_unread, record_attempt, record_unread, untriaged
from sdr_assets.withheld_replies import withheld_replies
from sensors import reply_backoff
from sensors.batch_runs import UNDER_WAY, BatchRuns, ended_runs

BATCH_TAG = "sdr/reply_batch"
SENSOR_LOCK_SECONDS = 5


def _first_row(con: duckdb.DuckDBPyConnection, sql: str, params: list) -> tuple | None:
    try:
        return con.execute(sql, params).fetchone()
    except duckdb.CatalogException:  # the table comes with the first replies run or sighting
        return None


def stored_state(warehouse: Warehouse, mailbox: Mailbox) -> tuple[str | None, bool, bool, int, set[str]]:
    """Where the last replies run stopped reading ``mailbox`` (None before the first), whether unread
    mail is recorded for it, whether its last read failed, how many stored replies are not triaged
    (a run broken after storing a batch), and the keys of its messages named as withheld; raises
    ``WarehouseLocked`` when the warehouse is held too long."""
    name = mailbox.position_name()
    with Warehouse(path=warehouse.path, lock_timeout_seconds=SENSOR_LOCK_SECONDS).connect(read_only=True) as con:
        position = stored_position(con, mailbox)
        recorded = _first_row(con, "select 1 from unread_mail where mailbox = ?", [name])
        failed = _first_row(con, "select 1 from reply_intake where last_error is not null", [])
        stored = untriaged(con, datetime.max.replace(tzinfo=UTC))[0]
        named = {w["message_key"] for w in withheld_replies(con) if w["mailbox"] == name}
    return position, recorded is not None, failed is not None, stored, named


def _write(context: dg.SensorEvaluationContext, warehouse: Warehouse, change: Callable) -> None:
    try:
        with Warehouse(path=warehouse.path, lock_timeout_seconds=SENSOR_LOCK_SECONDS).connect() as con:
            change(con)
    except WarehouseLocked as exc:  # the next tick writes it; the run request does not wait for it
        context.log.warning(f"unread mail not recorded this tick: {exc}")


def _waiting(count: int, mailbox: str, runs: BatchRuns, until: datetime) -> str:
    minutes = reply_backoff.wait(runs.ended) // timedelta(minutes=1)
    return (f"{count} message{'' if count == 1 else 's'} in {mailbox} wait: {runs.said('the replies run')}, "
            f"so the next is asked for at "
            f"{until:%Y-%m-%d %H:%M:%S} UTC, {minutes} min after it last asked; "
            "sends hold back while they wait unread past the allowed lag")


@dg.sensor(job=replies_job, minimum_interval_seconds=int(reply_backoff.TICK.total_seconds()),
           default_status=dg.DefaultSensorStatus.RUNNING)
def reply_mailbox_sensor(context: dg.SensorEvaluationContext, mailbox: Mailbox, warehouse: Warehouse,
                         policy: SendPolicy):
    """One triage run per batch of unread messages, asked for again after each run of it that failed,
    later each time its runs fail in a row."""
    name, now = mailbox.position_name(), policy.now()
    try:
        position, recorded, failed, stored, named = stored_state(warehouse, mailbox)
    except WarehouseLocked:
        return dg.SkipReason("The warehouse is busy; the mailbox is read at the next tick")
    try:
        keys = mailbox.waiting(position)  # by UID over IMAP: a backlog is downloaded by the run alone
        # A message withheld that no run named yet (a maildir file this user may not open) asks for the run
        # that names it, once.
        keys += sorted(set(mailbox.withheld(position)) - named - set(keys))
    except Exception as exc:  # recorded as a replies run records it: the send step waits for a good read
        error = f"{type(exc).__name__}: {exc}"
        _write(context, warehouse, lambda con: record_attempt(con, name, now, error))
        return dg.SkipReason(f"The mailbox could not be read ({error}); sends hold back until it is")
    if not keys:
        if recorded:
            _write(context, warehouse, lambda con: clear_unread(con, name))
        if failed:  # readable again, and nothing in it is unread: the failed read no longer holds sends
            _write(context, warehouse, lambda con: record_attempt(con, name, now))
        if not stored:  # replies a run stored and did not triage are asked for as a batch of their own
            return dg.SkipReason("No new replies")
    else:
        _write(context, warehouse, lambda con: record_unread(con, name, len(keys), now))
    listed, count = "\n".join(sorted(keys)) or f"{stored} stored, not triaged", len(keys) or stored
    batch = hashlib.sha256(f"{name}\n{position}\n{listed}".encode()).hexdigest()[:16]
    # A run that reads the batch stores the position it read to, making the next mail another batch; one
    # that ended and left it unread (it failed; the warehouse was restored from an older copy) counts.
    if context.instance.get_run_ids(filters=dg.RunsFilter(job_name=replies_job.name, statuses=UNDER_WAY), limit=1):
        # A run stores its backlog a batch at a time, moving the position the batch is named from.
        return dg.SkipReason(f"{count} message{'' if count == 1 else 's'} in {name} wait: a replies run is "
                             "under way, and the next is asked for once it ends")
    runs = ended_runs(context.instance, BATCH_TAG, batch)
    attempt = runs.ended
    asked, until = reply_backoff.next_ask(reply_backoff.last_asked(context.cursor), batch, attempt, now)
    if until is not None:
        return dg.SensorResult(skip_reason=_waiting(count, name, runs, until), cursor=asked.cursor())
    return dg.SensorResult(run_requests=[dg.RunRequest(
        run_key=f"replies:{batch}:{attempt}",
        tags={BATCH_TAG: batch, "sdr/new_messages": str(len(keys)), "sdr/attempt": str(attempt + 1)})],
        cursor=asked.cursor())
