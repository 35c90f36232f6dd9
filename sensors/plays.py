"""Play files and decisions drive outreach: a changed play re-qualifies signals, an approved one sends.

A play waiting for a decision or paused gets no run: the tick names it and the command that decides it.
A signals run asked for after an edit that failed, with none of its runs succeeding, is asked for
again under a new run key, later each time (``sensors/batch_runs.next_attempt``).
"""

import hashlib
import json
from datetime import datetime

import dagster as dg
import duckdb

from resources.damage import WarehouseLocked
from resources.mail import MailTransport
from resources.model import ModelClient
from resources.settings import PipelinePaths, SendPolicy
from resources.warehouse import Warehouse
from sdr_assets.domain.plays import PlayBook
from sdr_assets.playbook import load_plays
from sdr_assets.play_graph import PlayGraph, play_names
from sdr_assets.research_versions import unresearched
from sensors import cursors, recorded
from sdr_assets.play_state import held_evaluation, last_send, play_states, research_mark
from sdr_assets.unchanged_outreach import PassInputs
from sensors.batch_runs import RUN_KEY_TAG, BatchRuns, next_attempt
from sensors.release_runs import ASKED_AT_TAG, release_request, run_tags
from sensors.research_runs import research_request
from sensors.schedules import daily_request
from sensors.settled_plays import settled_play, tick_resources

CHANGE_TAG = "sdr/plays_change"


def _requested(cursor: str) -> tuple[dict[str, str], str]:
    """The play versions the sensor last asked a run for, and that request's key.

    A plain map of versions (what an earlier version of the sensor kept) comes without a key.
    """
    state = json.loads(cursor)
    if isinstance(state, dict) and set(state) == {"plays", "key"} and isinstance(state["key"], str):
        return cursors.names_to_strings(state["plays"]), state["key"]
    return cursors.names_to_strings(state), ""


def _transition_key(previous_key: str, seen: dict[str, str], current: dict[str, str]) -> str:
    """A key for the change from ``seen`` to ``current`` after the request keyed ``previous_key``: a play
    edited back and forth gets a new key each time, which the daemon has not used yet."""
    state = json.dumps({"after": previous_key, "from": seen, "to": current}, sort_keys=True)
    return hashlib.sha256(state.encode()).hexdigest()[:16]


@dg.sensor(job_name="signals_job", minimum_interval_seconds=30, default_status=dg.DefaultSensorStatus.RUNNING)
def play_files_sensor(context: dg.SensorEvaluationContext, paths: PipelinePaths, warehouse: Warehouse,
                      policy: SendPolicy):
    """Re-qualify signals (and re-draft) when a play's version changes; say when a new play needs a reload.

    Without a cursor it starts from the versions the warehouse already holds, so the demo's plays
    are not processed twice. A removed play simply stops sending; its rows and decisions stay.
    """
    try:
        seen, previous_key = cursors.read(context, _requested, lambda: (recorded.play_versions(warehouse), ""))
    except WarehouseLocked:
        return dg.SkipReason("The warehouse is busy; the plays are compared with its versions at the next tick")
    book = load_plays(paths.plays)
    current = {name: play.version_hash for name, play in book.plays.items()}
    changed = sorted(f"{n}@{h}" for n, h in current.items() if seen.get(n) != h)
    loaded = {key.path[0] for key in context.repository_def.asset_graph.get_all_asset_keys() if len(key.path) == 2} \
        if context.repository_def else set(current)
    unloaded = sorted(set(play_names(paths.plays)) - loaded)
    note = f"; new play files not in the graph yet, reload the definitions: {', '.join(unloaded)}" if unloaded else ""
    if not changed:
        try:
            researched = recorded.research_contents(warehouse)
        except WarehouseLocked:  # its research is compared with the plays at the next tick
            researched = {}
        again = _changed_again(context.instance, previous_key, policy.now()) \
            or _research_again(context.instance, book, researched, policy.now())
        if isinstance(again, dg.RunRequest):
            return dg.SensorResult(run_requests=[again],
                                   cursor=json.dumps({"plays": current, "key": previous_key}, sort_keys=True))
        return dg.SkipReason((again or "No new or changed plays") + note)
    key = _transition_key(previous_key, seen, current)
    return dg.SensorResult(run_requests=[_changed_request(key, ",".join(changed)[:1000], 0, policy.now())],
                           cursor=json.dumps({"plays": current, "key": key}, sort_keys=True))


def _changed_request(key: str, changed: str, attempt: int, now: datetime) -> dg.RunRequest:
    """The signals run for the change of plays keyed ``key``, attempt ``attempt`` (its runs that failed)."""
    return dg.RunRequest(run_key=f"plays:{key}" + (f":{attempt}" if attempt else ""),
                         tags={"sdr/changed_plays": changed, CHANGE_TAG: key, ASKED_AT_TAG: now.isoformat()})


def _changed_again(instance: dg.DagsterInstance, key: str, now: datetime) -> dg.RunRequest | str | None:
    """The run for the last change of plays (keyed ``key``) again while its runs failed and none
    succeeded, later each time (``batch_runs.next_attempt``), or why it waits; None when one succeeded.
    The release before tagged its run with no change key: that run is found by its run key."""
    first_key = f"plays:{key}"
    runs, until = next_attempt(instance, CHANGE_TAG, key, now, first_key) if key else (BatchRuns(0, 0), None)
    if runs.succeeded or not runs.failed:
        return None
    asked = (instance.get_runs(filters=dg.RunsFilter(tags={CHANGE_TAG: key}), limit=1)
             or instance.get_runs(filters=dg.RunsFilter(tags={RUN_KEY_TAG: first_key}), limit=1))
    changed = asked[0].tags.get("sdr/changed_plays", "")
    if until is not None:
        return (f"Changed plays ({changed}) wait: {runs.said('the signals run')}, so the next is asked for at "
                f"{until:%Y-%m-%d %H:%M:%S} UTC")
    return _changed_request(key, changed, runs.failed, now)


def _research_again(instance: dg.DagsterInstance, book: PlayBook, researched: dict[str, set[str | None]],
                    now: datetime) -> dg.RunRequest | str | None:
    """The signals run for plays whose research rows are all of another version or of none (stored
    before rows named it, by the release before; or a signals run after an edit failed): drafts are
    written only from research of the current version, so without it an approved play sends nothing
    until a signal file arrives. Asked for again, later each time, after each run that ended without
    it (``sensors/research_runs.py``); why it waits meanwhile."""
    stale = unresearched(book, researched)
    return research_request(instance, stale, now) if stale else None


def outreach_sensor_for(graphs: list[PlayGraph], jobs: list,
                        schedules: list[dg.ScheduleDefinition]) -> dg.SensorDefinition:
    """The outreach sensor over every play's job, making up the days its daily schedule skipped."""
    by_play = {g.play: g for g in graphs}
    daily = {s.job_name: s for s in schedules}

    @dg.sensor(name="outreach_sensor", jobs=jobs, minimum_interval_seconds=30,
               default_status=dg.DefaultSensorStatus.RUNNING)
    def outreach_sensor(context: dg.SensorEvaluationContext, warehouse: Warehouse, paths: PipelinePaths,
                        policy: SendPolicy, model: ModelClient, mail: MailTransport):
        """Send for each approved play when its version, approval or research changes, or when its
        daily run is missing today; skip held plays, saying why, and plays whose last run on the same
        inputs wrote nothing with nothing due since (``sdr_assets/unchanged_outreach.py``).

        A run whose state the play's last send step already recorded (the demo, `sdr run`, a run from
        the UI) is not launched again; one that failed on a cause that passes (a busy warehouse) is
        asked for again, later each time, one that would fail the same way is not
        (``sensors/release_runs.py``). Today's daily run, when its schedule's tick passed without one
        (the warehouse was busy) or it failed, is asked for again the same way and sends the new state
        as well (``sensors/schedules.py``). The send step re-checks the approval whatever this sensor
        decided.
        """
        previous = cursors.read(context, cursors.name_map, dict)
        research = research_mark(context.instance)
        now = policy.now()
        try:
            quick_look = Warehouse(path=warehouse.path, lock_timeout_seconds=recorded.SENSOR_LOCK_SECONDS)
            with quick_look.connect(read_only=True) as con:
                # A held play's gate is recorded once per new state, so only then is it built.
                states = play_states(con, paths.plays, paths.mode, sorted(by_play),
                                     lambda s: previous.get(s.play) != f"{s.fingerprint}:{research}", policy,
                                     warehouse.path)
        except (duckdb.IOException, WarehouseLocked) as exc:
            return dg.SkipReason(f"Warehouse busy, will look again: {exc}")
        requests, waiting, events, shared = [], [], [], PassInputs()
        services = tick_resources(warehouse, paths, policy, model, mail)
        for name, state in states.items():
            mark = f"{state.fingerprint}:{research}"
            if state.held:
                waiting.append(state.held)
                if previous.get(name) != mark and state.status != "missing":  # once per new state
                    events.append(held_evaluation(state, by_play[name].drafts.key))
                continue
            job = by_play[name].job_name
            last = last_send(context.instance, name)
            ask = daily_request(daily[job], name, context.instance, now, last.at, run_tags(name, mark, now))
            if ask is None and last.fingerprint != mark:
                ask = release_request(context.instance, job, name, mark, now)
            if isinstance(ask, dg.RunRequest):
                ask = settled_play(context.repository_def, job, name, services, shared) or ask
            if ask is not None:
                (requests if isinstance(ask, dg.RunRequest) else waiting).append(ask)
        for reason in waiting:
            context.log.info(reason)
        cursor = json.dumps({n: f"{s.fingerprint}:{research}" for n, s in states.items()}, sort_keys=True)
        if requests:
            return dg.SensorResult(run_requests=requests, cursor=cursor, asset_events=events)
        return dg.SensorResult(skip_reason=dg.SkipReason(" | ".join(waiting) or "Every approved play is up to date"),
                               cursor=cursor, asset_events=events)

    return outreach_sensor
