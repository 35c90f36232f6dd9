"""The daily cadence: follow-up steps fall due with time, not with new data. One schedule per play.

Dagster evaluates a cron tick once: a tick skipped because the warehouse was busy is made up by the
outreach sensor, which asks for the day's run under the schedule's own run key; a day's run that
failed it asks for again, later each time, as a failed release (``daily_request``), unless it would
fail the same way: the next day's run is then the day's one attempt.
"""

from datetime import date, datetime, timedelta

import dagster as dg
import duckdb

from resources.damage import WarehouseLocked
from resources.mail import MailTransport
from resources.model import ModelClient
from resources.settings import PipelinePaths, SendPolicy
from resources.warehouse import Warehouse
from sdr_assets.play_graph import PlayGraph
from sdr_assets.play_state import play_states
from sensors.release_runs import MARK_TAG, backoff, not_asked_again, sent_nothing
from sensors.settled_plays import settled_play, tick_resources

SCHEDULE_LOCK_SECONDS = 5  # how long a tick waits for the warehouse
RUN_KEY_TAG = "dagster/run_key"  # what Dagster tags a run requested with a run key
DAILY_TAG = "sdr/daily_run"  # the day's run key, on the day's run and on each run asked for after it failed
# The schedule's own tick launches its run first; the sensor makes it up only after this.
CATCH_UP_AFTER = timedelta(minutes=5)
_CRON_FROM = datetime(1970, 1, 1)


def daily_run_key(play: str, day: date) -> str:
    return f"daily:{play}:{day.isoformat()}"


def daily_outreach_schedule_for(graph: PlayGraph) -> dg.ScheduleDefinition:
    play = graph.play

    @dg.schedule(name=f"daily_{graph.job_name}", job_name=graph.job_name, cron_schedule="0 8 * * 1-5",
                 execution_timezone="UTC", default_status=dg.DefaultScheduleStatus.RUNNING,
                 description=f"{play}: weekday mornings, so due follow-ups go out. Skips while the play is held, "
                             "or while its last run on the same inputs wrote nothing and nothing fell due since.")
    def daily(context: dg.ScheduleEvaluationContext, warehouse: Warehouse, paths: PipelinePaths, policy: SendPolicy,
              model: ModelClient, mail: MailTransport):
        day = context.scheduled_execution_time.date()
        try:
            quick_look = Warehouse(path=warehouse.path, lock_timeout_seconds=SCHEDULE_LOCK_SECONDS)
            with quick_look.connect(read_only=True) as con:
                state = play_states(con, paths.plays, paths.mode, [play], policy=policy,
                                    warehouse_path=warehouse.path)[play]
        except (duckdb.IOException, WarehouseLocked) as exc:
            return dg.SkipReason(f"Warehouse busy on {day}, the outreach sensor makes this run up: {exc}")
        if state.held:
            return dg.SkipReason(state.held)
        services = tick_resources(warehouse, paths, policy, model, mail)
        if unchanged := settled_play(_repository(context), graph.job_name, play, services):
            return dg.SkipReason(unchanged)
        key = daily_run_key(play, day)
        return dg.RunRequest(run_key=key, tags={"sdr/play": play, DAILY_TAG: key})

    return daily


def _repository(context: dg.ScheduleEvaluationContext) -> dg.RepositoryDefinition | None:
    """The definitions the tick was evaluated in; None for a context built without them, which asks
    for the run whatever its inputs."""
    try:
        return context.repository_def
    except dg.DagsterInvariantViolationError:
        return None


def todays_tick(schedule: dg.ScheduleDefinition, now: datetime) -> datetime | None:
    """The schedule's tick of today, in its timezone, once it has passed by ``now``."""
    ticks = dg.TimeWindowPartitionsDefinition(cron_schedule=schedule.cron_schedule, start=_CRON_FROM,
                                              timezone=schedule.execution_timezone or "UTC",
                                              fmt="%Y-%m-%dT%H:%M", end_offset=1)
    latest = ticks.time_window_for_partition_key(ticks.get_partition_key_for_timestamp(now.timestamp())).start
    return latest if latest.date() == now.astimezone(latest.tzinfo).date() else None


def _runs_of_the_day(instance: dg.DagsterInstance, key: str) -> list[dg.DagsterRun]:
    """The day's runs, newest first: the schedule's or its make-up (by its run key, also from before
    the tag) and the runs asked for after they failed."""
    records = {record.storage_id: record.dagster_run for tags in ({DAILY_TAG: key}, {RUN_KEY_TAG: key})
               for record in instance.get_run_records(filters=dg.RunsFilter(tags=tags))}
    return [records[storage_id] for storage_id in sorted(records, reverse=True)]


def daily_request(schedule: dg.ScheduleDefinition, play: str, instance: dg.DagsterInstance, now: datetime,
                  last_sent_at: datetime | None, tags: dict[str, str]) -> dg.RunRequest | str | None:
    """Today's run of ``schedule`` for ``play`` (carrying ``tags``) when it is missing or sent nothing,
    or why it waits; None when the day needs none.

    None once the tick passed less than ``CATCH_UP_AFTER`` ago, or a send step of the play ran since
    the tick (``last_sent_at``, by the project clock): that one sent what was due. A day without a run
    gets the schedule's run key; a day whose last run failed gets ``{key}:{failures}``, asked for
    later each time as a release (``sensors/release_runs.py``), unless a holding check stopped it
    (the play waiting as designed) or it would fail the same way (a step refused): then why, or None
    when the play's state (``tags``' mark) changed since.
    """
    tick = todays_tick(schedule, now)
    if tick is None or now < tick + CATCH_UP_AFTER or (last_sent_at is not None and last_sent_at >= tick):
        return None
    key = daily_run_key(play, tick.date())
    runs = _runs_of_the_day(instance, key)
    if not runs:
        return dg.RunRequest(job_name=schedule.job_name, run_key=key, tags={**tags, DAILY_TAG: key})
    if not sent_nothing(instance, play, runs[0]):
        return None  # under way or done
    final = not_asked_again(instance, play, "daily run", runs[0].run_id)
    if final:  # for a state of the play since changed, the release of the new state decides
        return final if runs[0].tags.get(MARK_TAG) == tags.get(MARK_TAG) else None
    failed = [run for run in runs if sent_nothing(instance, play, run)]
    return backoff(play, "daily run", key, failed, now) or dg.RunRequest(
        job_name=schedule.job_name, run_key=f"{key}:{len(failed)}", tags={**tags, DAILY_TAG: key})
