"""While replies lag, the send and LinkedIn tasks steps wait in green only for a fresh replies run.

Each play's send step used to fail red while replies were not triaged within the lag, a designed
wait shown red once per play. A green wait tied to any unfinished or failed replies run, of any age,
could stay green for ever with nothing red anywhere, and the tasks step planned tasks meanwhile for
people whose stop reply sat unread. Now the wait is green only while a specific replies run explains
the lag and is fresh (``sdr_assets.reply_wait``); otherwise the step fails red, saying why.
"""

import json
import mailbox
import time
from datetime import timedelta
from pathlib import Path

import dagster as dg
import pytest

from resources.defaults import build_resources
from sdr_assets.assembly import build_definitions
from sdr_assets.cli import app
from sdr_assets.play_graph import play_graph
from sdr_assets.play_state import SKIPPED
from sdr_assets.reply_intake import record_attempt
from sdr_assets.replies import raw_replies
from sdr_assets.reply_wait_records import record_wait
from sdr_assets.suppression import add_entry
from sdr_assets.task_records import CSV_NAME
from sdr_assets.tasks import write_tasks
from tests.command_line import CommandLine
from tests.mailbox_down import replies_run_down
from tests.replies import reply_to

REVOPS, SERIES_B = "revops-hiring", "series-b-funding"
SHORT_LAG = "0.01"  # minutes: a run older than 0.6 s no longer explains the lag


@pytest.fixture
def env(data_dir, resources) -> dict[str, str]:
    return {"SDR_DATA_DIR": str(data_dir), "SDR_NOW": resources["policy"].now_override,
            "DAGSTER_HOME": str(data_dir / "dagster_home")}


def _outbox(resources) -> list[str]:
    root = Path(resources["mail"].path)
    return list(mailbox.Maildir(root, create=False).keys()) if (root / "cur").exists() else []


def _send(resources, instance) -> dg.ExecuteInProcessResult:
    return dg.materialize([play_graph(REVOPS).sends], resources=resources, instance=instance, raise_on_error=False)


def _failure(result: dg.ExecuteInProcessResult) -> str:
    return "\n".join(str(e.event_specific_data.error) for e in result.all_events if e.event_type_value == "STEP_FAILURE")


def _said(result: dg.ExecuteInProcessResult) -> dict:
    [event] = result.get_asset_materialization_events()
    return {k: v.value for k, v in event.step_materialization_data.materialization.metadata.items()}


def _last_seen(instance, run_id: str) -> float:
    """When ``run_id`` last showed life, by its run records (epoch seconds)."""
    record = instance.get_run_record_by_id(run_id)
    last = instance.get_records_for_run(run_id, limit=1, ascending=False).records
    return max([record.create_timestamp.timestamp(), record.update_timestamp.timestamp(), record.start_time or 0,
                record.end_time or 0, *(r.event_log_entry.timestamp for r in last)])


def _until_stale(instance, run_id: str, lag_minutes: float) -> None:
    """Back once ``run_id``'s last sign of life is older than the lag by the wall clock: no sooner, no
    later than it takes."""
    time.sleep(max(0.0, _last_seen(instance, run_id) + lag_minutes * 60 + 0.05 - time.time()))


def _replies_down(resources, instance) -> dg.ExecuteInProcessResult:
    down = replies_run_down(resources, instance)
    assert not down.success and "replies could not be read" in _failure(down), "its own red shows the cause"
    return down


def _unclassified_stop(resources, at) -> None:
    """A stop reply fetched at ``at`` from a contact the play mailed, never classified (its job died)."""
    with resources["warehouse"].connect() as con:
        cursor = con.execute("select * from send_ledger where status = 'sent' and play = ? order by send_key limit 1",
                             [REVOPS])
        sent = dict(zip([c[0] for c in cursor.description], cursor.fetchone()))
        con.execute("insert into raw_replies values (?, 'k', ?, ?)",
                    [f"<r-{sent['send_key']}@acme.example>",
                     reply_to(sent, "Please stop emailing me.", at).as_bytes(), at])
    return sent["contact_email"]


@pytest.mark.opening("revops_ready")
def test_the_send_step_waits_in_green_for_a_fresh_failed_replies_run_and_status_names_it(resources, instance, env):
    down = _replies_down(resources, instance)
    waiting = _send(resources, instance)
    assert waiting.success and not _failure(waiting), "the send step waits for it: green, not a second red"
    said = _said(waiting)
    assert said["sent_this_run"] == 0 and "replies could not be read" in said[SKIPPED]
    assert said["waits_for"] == down.run_id and f"replies_job run {down.run_id[:8]} (failure" in said["waits_for_run"]
    assert _outbox(resources) == []

    shown = CommandLine().invoke(app, ["status"], env=env)
    assert shown.exit_code == 0, shown.output
    assert f"{REVOPS}: waits for the replies, read by replies_job run {down.run_id[:8]} (failure)" in shown.output
    assert "sending waits: replies could not be read" in shown.output and "sending stopped" not in shown.output, \
        "every play that sends waits in green: a wait, not a stop"
    listed = json.loads(CommandLine().invoke(app, ["status", "--json"], env=env).stdout)
    assert down.run_id[:8] in listed["waiting_for_replies"][REVOPS]

    assert build_definitions(resources).resolve_job_def("replies_job").execute_in_process(instance=instance).success
    assert _send(resources, instance).success and _outbox(resources), "the replies read: it sends"
    listed = json.loads(CommandLine().invoke(app, ["status", "--json"], env=env).stdout)
    assert listed["waiting_for_replies"] == {}


@pytest.mark.opening("revops_ready")
def test_the_send_step_fails_red_when_no_fresh_replies_run_explains_the_lag(resources, instance, environ):
    assert dg.materialize([raw_replies], resources=resources, instance=instance).success
    with resources["warehouse"].connect() as con:  # the reply sensor alone finds the mailbox unreadable
        record_attempt(con, "ImapMailbox", resources["policy"].now(), "ImapError: login refused")
    unseen = _send(resources, instance)
    assert not unseen.success and "replies could not be read" in _failure(unseen)
    assert "did not read them" in _failure(unseen), "the last replies run succeeded: nothing else shows it"

    short = build_resources(environ(SDR_REPLY_MAX_LAG_MINUTES=SHORT_LAG))
    old = _replies_down(short, instance)
    _until_stale(instance, old.run_id, float(SHORT_LAG))
    stale = _send(short, instance)
    assert not stale.success, "an old failure explains nothing any more: red"
    assert f"replies_job run {old.run_id[:8]} (failure" in _failure(stale) and "older than" in _failure(stale)

    stuck = instance.create_run_for_job(build_definitions(short).resolve_job_def("replies_job"),
                                        status=dg.DagsterRunStatus.STARTED)  # its process killed mid-run
    # Under the usual bound: under the short one, a loaded machine can take longer than it to get here.
    assert _send(resources, instance).success, "a run under way reads them: green"
    _until_stale(instance, stuck.run_id, float(SHORT_LAG))
    left = _send(short, instance)
    assert not left.success, "a run left 'started' past the bound: red"
    assert f"replies_job run {stuck.run_id[:8]} (started" in _failure(left) and "older than" in _failure(left)
    assert _outbox(resources) == []


@pytest.mark.opening("revops_ready")
def test_the_tasks_step_plans_nothing_while_a_stop_reply_sits_unread(resources, instance):
    assert _send(resources, instance).success and _outbox(resources), "the first emails went"
    assert dg.materialize([raw_replies], resources=resources, instance=instance).success  # nothing there yet
    now = resources["policy"].now()
    stopped = _unclassified_stop(resources, now - timedelta(minutes=30))

    def tasks() -> int:
        with resources["warehouse"].connect() as con:
            return con.execute("select count(*) from linkedin_tasks").fetchone()[0] \
                if con.execute("select count(*) from information_schema.tables where table_name = 'linkedin_tasks'"
                               ).fetchone()[0] else 0

    with pytest.raises(dg.Failure, match="LinkedIn tasks stopped: .*not classified yet"):
        write_tasks(REVOPS, resources["warehouse"], resources["policy"], resources["paths"])
    assert tasks() == 0, "no replies run reads them: red, and no task planned"

    instance.create_run_for_job(build_definitions(resources).resolve_job_def("replies_job"))  # queued by the sensor
    waited = dg.materialize([play_graph(REVOPS).tasks], resources=resources, instance=instance)
    assert waited.success and "waits for the replies" in _said(waited)[SKIPPED]
    assert tasks() == 0, "a green wait plans nothing either"

    assert build_definitions(resources).resolve_job_def("replies_job").execute_in_process(instance=instance).success
    assert dg.materialize([play_graph(REVOPS).tasks], resources=resources, instance=instance).success
    with resources["warehouse"].connect() as con:
        planned = {r[0] for r in con.execute("select contact_email from linkedin_tasks where status in ('open', "
                                             "'scheduled', 'held')").fetchall()}
    assert planned and stopped.lower() not in planned, "the replies read: tasks for all but her"


def _tasks_by_contact(resources) -> dict[str, str]:
    with resources["warehouse"].connect() as con:
        return dict(con.execute("select contact_email, status from linkedin_tasks where play = ?", [REVOPS]).fetchall())


@pytest.mark.opening("revops_ready")
def test_a_contact_suppressed_while_a_stop_reply_sits_unread_gets_her_open_task_withdrawn(resources, instance):
    assert _send(resources, instance).success and _outbox(resources), "the first emails went"
    assert dg.materialize([raw_replies], resources=resources, instance=instance).success
    assert dg.materialize([play_graph(REVOPS).tasks], resources=resources, instance=instance).success
    now = resources["policy"].now()
    stopped = _unclassified_stop(resources, now - timedelta(minutes=30)).lower()
    [phoned] = [c for c, status in _tasks_by_contact(resources).items() if status == "open" and c != stopped][:1]
    with resources["warehouse"].connect() as con:  # she asks by phone meanwhile
        add_entry(con, resources["paths"].data_dir, phoned, "Dana Whitfield", "asked by phone", now)
    instance.create_run_for_job(build_definitions(resources).resolve_job_def("replies_job"))  # queued by the sensor
    waited = dg.materialize([play_graph(REVOPS).tasks], resources=resources, instance=instance)
    assert waited.success and "waits for the replies" in _said(waited)[SKIPPED], "still a green wait"
    assert _tasks_by_contact(resources)[phoned] == "withdrawn", "her task leaves the list people work from"
    exported = (resources["paths"].exports / CSV_NAME).read_text()
    assert any(phoned in line and "withdrawn" in line for line in exported.splitlines()), "and the CSV"


@pytest.mark.opening("revops_ready")
def test_the_tasks_step_plans_nothing_while_the_clock_reads_before_a_reply_fetched(resources, instance):
    assert _send(resources, instance).success and _outbox(resources), "the first emails went"
    assert dg.materialize([raw_replies], resources=resources, instance=instance).success
    _unclassified_stop(resources, resources["policy"].now() + timedelta(hours=1))  # the clock set back since
    with resources["warehouse"].connect() as con:  # a green wait recorded before
        record_wait(con, REVOPS, "LinkedIn tasks", "r", "replies_job run r", "why", resources["policy"].now(),
                    time.time() + 300)
    with pytest.raises(dg.Failure, match="LinkedIn tasks stopped: the clock reads .* earlier than the last reply"):
        write_tasks(REVOPS, resources["warehouse"], resources["policy"], resources["paths"])
    assert _tasks_by_contact(resources) == {}, "no task planned while a stop reply may sit unread"
    assert [r[1:] for r in _reply_waits(resources)] == [("LinkedIn tasks", 0)], "its green wait is refused"


@pytest.mark.opening("revops_ready")
def test_a_wait_renewed_by_fresh_failed_replies_runs_turns_red_once_it_lasted_the_bound(resources, instance, environ):
    start = resources["policy"].now()

    def at(minutes: float) -> dict:
        return build_resources(environ(SDR_NOW=(start + timedelta(minutes=minutes)).isoformat()))

    for minutes in (0, 3):  # the lag is 5 min: each run before the send step fails afresh
        _replies_down(at(minutes), instance)
        assert _send(at(minutes), instance).success, f"a wait of {minutes} min: green"
    _replies_down(at(5), instance)
    lasted = _send(at(5), instance)
    assert not lasted.success, "the mailbox down for the whole bound: red, however fresh its last run"
    assert "sending has waited for the replies since" in _failure(lasted)
    assert not _send(at(6), instance).success, "it stays red until the replies are read"
    assert build_definitions(at(7)).resolve_job_def("replies_job").execute_in_process(instance=instance).success
    assert _send(at(7), instance).success and _outbox(resources), "the replies read: it sends"


@pytest.mark.opening("revops_ready")
def test_status_names_no_wait_whose_run_no_longer_explains_the_lag(instance, env, environ):
    # A lag of 3 s, or longer where a busy machine takes that long to reach the status.
    for lag_minutes in (0.05, 0.25, 1.0):
        short = build_resources(environ(SDR_REPLY_MAX_LAG_MINUTES=str(lag_minutes)))
        down = _replies_down(short, instance)
        assert _send(short, instance).success and dg.materialize(
            [play_graph(REVOPS).tasks], resources=short, instance=instance).success, "both steps wait in green"
        listed = json.loads(CommandLine().invoke(app, ["status", "--json"], env=env).stdout)
        if time.time() < _last_seen(instance, down.run_id) + lag_minutes * 60:
            break
    else:
        pytest.fail("the status was never read within a minute of the replies run")
    assert down.run_id[:8] in listed["waiting_for_replies"][REVOPS]
    with short["warehouse"].connect() as con:
        [(fresh_until,)] = con.execute("select max(fresh_until) from reply_waits").fetchall()
    assert fresh_until <= _last_seen(instance, down.run_id) + lag_minutes * 60 + 0.01, \
        "a wait is named no longer than its run explains"
    _until_stale(instance, down.run_id, lag_minutes)  # SDR_NOW stays; by the run records it is no longer fresh
    listed = json.loads(CommandLine().invoke(app, ["status", "--json"], env=env).stdout)
    assert listed["waiting_for_replies"] == {}, "a stale wait is not named"


@pytest.mark.opening("revops_ready")
def test_a_wait_ends_when_the_replies_catch_up_though_its_step_did_not_run_then(resources, instance, environ):
    start = resources["policy"].now()

    def at(minutes: float) -> dict:
        return build_resources(environ(SDR_NOW=(start + timedelta(minutes=minutes)).isoformat()))

    _replies_down(at(0), instance)
    assert _send(at(0), instance).success, "a wait begins: green"
    assert build_definitions(at(1)).resolve_job_def("replies_job").execute_in_process(instance=instance).success
    _replies_down(at(6), instance)  # no send step ran while the replies were caught up
    again = _send(at(6), instance)
    assert again.success and not _failure(again), "a new lag, a new wait: green, not 'has waited since' at once"
    assert _outbox(resources) == []


@pytest.mark.opening("revops_ready")
def test_a_wait_recorded_by_a_clock_set_ahead_is_still_bounded(resources, instance, environ):
    start = resources["policy"].now()

    def at(minutes: float) -> dict:
        return build_resources(environ(SDR_NOW=(start + timedelta(minutes=minutes)).isoformat()))

    _replies_down(at(0), instance)
    assert _send(at(60), instance).success, "SDR_NOW set an hour ahead for one run: a wait begins"
    for minutes in (1, 4):  # set back; each run before the send step fails afresh
        _replies_down(at(minutes), instance)
        assert _send(at(minutes), instance).success, f"a wait of {minutes} min: green"
    _replies_down(at(7), instance)
    lasted = _send(at(7), instance)
    assert not lasted.success and "sending has waited for the replies since" in _failure(lasted), \
        "the wait began when the clock was set back, not an hour ahead: red once it lasted the bound"


def _reply_waits(resources) -> list[tuple]:
    with resources["warehouse"].connect() as con:
        return con.execute("select play, step, fresh_until from reply_waits order by all").fetchall() \
            if con.execute("select count(*) from information_schema.tables where table_name = 'reply_waits'"
                           ).fetchone()[0] else []


@pytest.mark.opening("revops_ready")
def test_the_tasks_step_of_a_play_waiting_for_approval_neither_waits_nor_stops(resources, instance):
    def tasks(play: str) -> dg.ExecuteInProcessResult:
        return dg.materialize([play_graph(play).tasks], resources=resources, instance=instance, raise_on_error=False)

    assert dg.materialize([raw_replies], resources=resources, instance=instance).success
    with resources["warehouse"].connect() as con:  # the last replies run succeeded: no run explains the lag
        record_attempt(con, "ImapMailbox", resources["policy"].now(), "ImapError: login refused")
    pending = tasks(SERIES_B)
    assert pending.success and not _failure(pending), "it would open no task: green, not 'LinkedIn tasks stopped'"
    assert SKIPPED not in _said(pending) and _reply_waits(resources) == []
    approved = tasks(REVOPS)
    assert not approved.success and "LinkedIn tasks stopped" in _failure(approved), "an approved play still stops"

    _replies_down(resources, instance)  # a fresh failed run explains the lag
    assert tasks(SERIES_B).success and _reply_waits(resources) == [], "no wait recorded for it"
    waited = tasks(REVOPS)
    assert waited.success and "waits for the replies" in _said(waited)[SKIPPED], "the approved play waits in green"
    assert [r[:2] for r in _reply_waits(resources)] == [(REVOPS, "LinkedIn tasks")]


@pytest.mark.opening("revops_ready")
def test_status_shows_sending_stopped_in_red_once_the_clock_is_set_back_during_a_wait(resources, instance, env,
                                                                                        environ):
    _replies_down(resources, instance)
    assert _send(resources, instance).success, "a green wait recorded"
    earlier = {**env, "SDR_NOW": (resources["policy"].now() - timedelta(minutes=2)).isoformat()}
    shown = CommandLine().invoke(app, ["status"], env=earlier)
    assert shown.exit_code == 0, shown.output
    assert "sending stopped: the clock reads" in shown.output and "sending waits" not in shown.output, \
        "the send step fails red while the clock reads behind: not a wait"
    back = build_resources(environ(SDR_NOW=earlier["SDR_NOW"]))
    stopped = _send(back, instance)
    assert not stopped.success and "sending stopped: the clock reads" in _failure(stopped)
    assert [r[1:] for r in _reply_waits(resources)] == [("sending", 0)], "its wait is refused, no longer green"
    listed = json.loads(CommandLine().invoke(app, ["status", "--json"], env=env).stdout)
    assert listed["waiting_for_replies"] == {}, "a refused wait is not named, whatever the clock reads now"
