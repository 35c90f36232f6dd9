"""Sensors: one run request per new input, none for what was already seen."""

import json
import mailbox
from datetime import datetime, timedelta
from email.message import EmailMessage

import dagster as dg
import pytest

from tests.approving import approve
from tests.conftest import RUN_NOW
from tests.held_warehouse import warehouse_held
from tests.sensor_ticks import declared_resources
from tests.signal_hashes import count_hashes, short_racy_window
from sensors.plays import play_files_sensor
from sensors.replies import reply_mailbox_sensor
from sensors.signal_files import signal_files_sensor


# How long a sensor, a schedule or a step waits for a warehouse `warehouse_held` holds throughout:
# any wait ends busy there, so the shortest that still waits (and the step's at least one retry).
HELD_WAIT, HELD_STEP_WAIT = 0.1, 0.005  # seconds; minutes (0.3 s)


def _evaluate(sensor, instance, resources, cursor=None):
    # Contexts are closed at once: one left to the garbage collector restores a stale instance
    # into Dagster's context variable in whatever test happens to be running then.
    with dg.build_sensor_context(instance=instance, cursor=cursor,
                                 resources=declared_resources(sensor, resources)) as context:
        return sensor(context), context


def _requests(result):
    return [] if isinstance(result, dg.SkipReason) else list(result.run_requests)


def _skip_message(result) -> str | None:
    """What a tick that asked for nothing said, as a skip alone or with a cursor (what the sensor learnt)."""
    if isinstance(result, dg.SkipReason):
        return result.skip_message
    return result.skip_reason.skip_message if not result.run_requests and result.skip_reason else None


def _skipped(result) -> bool:
    return _skip_message(result) is not None


def _signals_run(defs, instance, request: dg.RunRequest) -> bool:
    """The run the daemon would launch for ``request``, up to its first step: ``raw_signals`` reads the
    files and records them in ``signal_files``, all the sensor looks at; research and drafts after it
    change nothing the sensor reads."""
    return defs.resolve_job_def("signals_job").execute_in_process(
        instance=instance, tags=request.tags, raise_on_error=False,
        asset_selection=[dg.AssetKey("raw_signals"), dg.AssetKey("quarantined_signal_rows")]).success


def _signals_tick(environ, instance, at: datetime, cursor: str | None):
    """The signal files sensor's tick at ``at`` by the project clock."""
    from resources.defaults import build_resources

    resources = build_resources(environ(SDR_NOW=at.isoformat()))
    return _evaluate(signal_files_sensor, instance, {k: resources[k] for k in ("paths", "warehouse", "policy")},
                     cursor)[0]


def test_signal_file_sensor_asks_for_files_until_a_run_reads_them(defs, resources, instance, data_dir):
    result, _ = _evaluate(signal_files_sensor, instance, resources)
    [first] = _requests(result)
    again, _ = _evaluate(signal_files_sensor, instance, resources, result.cursor)
    assert [r.run_key for r in _requests(again)] == [first.run_key], "the same run, which the daemon starts once"
    assert _signals_run(defs, instance, first)
    read, _ = _evaluate(signal_files_sensor, instance, resources, again.cursor)
    assert _skipped(read), "read in: nothing left to ask for"

    (data_dir / "inbox" / "signals" / "late_feed.jsonl").write_text(
        json.dumps({"signal_id": "late-1", "company_domain": "x.example", "signal_type": "funding",
                    "observed_at": "2026-11-19T00:00:00Z"}) + "\n")
    new, _ = _evaluate(signal_files_sensor, instance, resources, again.cursor)
    [late] = _requests(new)
    assert late.run_key != first.run_key and late.tags["sdr/signal_files"].startswith("late_feed.jsonl@")
    assert _signals_run(defs, instance, late)
    assert _skipped(_evaluate(signal_files_sensor, instance, resources, new.cursor)[0])


def test_signal_file_sensor_hashes_a_file_whose_status_moved_until_it_learnt_its_bytes_are_the_same(
        defs, resources, instance, data_dir, monkeypatch):
    """A chmod after the run read the file: one tick clear of the change hashes it and keeps what it
    found in its cursor; the next tick, with that cursor, hashes nothing and asks for nothing."""
    import os
    import time

    racy_ns = short_racy_window(monkeypatch)
    [request] = _requests(_evaluate(signal_files_sensor, instance, resources)[0])
    inbox = data_dir / "inbox" / "signals"
    for path in inbox.iterdir():  # the run's records, well clear of each file's last change
        os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns - 10 * racy_ns))
    assert _signals_run(defs, instance, request)
    chmodded = sorted(inbox.iterdir())[0]
    chmodded.chmod(0o600)
    time.sleep(racy_ns / 1e9 + 0.2)
    hashed = count_hashes(monkeypatch)
    learnt, _ = _evaluate(signal_files_sensor, instance, resources)
    assert hashed == [chmodded.name] and _skip_message(learnt).startswith("No new signal files")
    settled, _ = _evaluate(signal_files_sensor, instance, resources, getattr(learnt, "cursor", None))
    assert _skipped(settled) and hashed == [chmodded.name], "not hashed again"


def test_signal_files_a_failed_run_left_unread_are_asked_for_again_in_a_new_run(
        defs, environ, resources, instance, tmp_path):
    asked = datetime.fromisoformat(environ()["SDR_NOW"])
    first = _signals_tick(environ, instance, asked, None)
    [request] = _requests(first)
    assert not _signals_run(_crashing(resources, tmp_path / "not-a-warehouse"), instance, request)

    waiting = _signals_tick(environ, instance, asked + timedelta(seconds=30), first.cursor)
    assert _requests(waiting) == [], "a failed batch waits a tick, as the reply sensor's does"
    assert f"failed 1 time in a row, so the next is asked for at {asked + timedelta(minutes=1):%Y-%m-%d %H:%M:%S}" \
        in waiting.skip_reason.skip_message
    retry = _signals_tick(environ, instance, asked + timedelta(minutes=1), waiting.cursor)
    [again] = _requests(retry)
    assert again.run_key != request.run_key, "a new key: the daemon would skip the failed run's"
    assert again.tags["sdr/signal_files"] == request.tags["sdr/signal_files"], "the same files"
    assert _requests(_signals_tick(environ, instance, asked + timedelta(minutes=1), retry.cursor)) == [again], \
        "deterministic"

    assert _signals_run(defs, instance, again)
    done = _signals_tick(environ, instance, asked + timedelta(minutes=2), retry.cursor)
    assert _skip_message(done).startswith("No new signal files"), "read in: nothing is asked for"


def test_signal_file_sensor_skips_while_the_warehouse_is_busy(resources, instance, monkeypatch):
    from sensors import recorded

    monkeypatch.setattr(recorded, "SENSOR_LOCK_SECONDS", HELD_WAIT)
    with warehouse_held(resources["warehouse"].path):
        busy, _ = _evaluate(signal_files_sensor, instance, resources)
    assert isinstance(busy, dg.SkipReason) and "warehouse is busy" in busy.skip_message, busy
    assert len(_requests(_evaluate(signal_files_sensor, instance, resources)[0])) == 1, "asked for once it is free"


def test_a_sensor_without_a_cursor_skips_while_the_warehouse_is_busy(defs, resources, instance, monkeypatch):
    """It starts from what the warehouse records; a busy one is not an empty one. The play files and
    opt-out log sensors, each on the same warehouse, which records both."""
    from sdr_assets import optout_log
    from sensors import recorded

    optout_log.append(resources["paths"].data_dir, "s-1", "someone@acme.example", datetime.fromisoformat(RUN_NOW))
    assert defs.resolve_job_def("optouts_job").execute_in_process(instance=instance).success
    assert defs.resolve_job_def("signals_job").execute_in_process(
        instance=instance, asset_selection=[dg.AssetKey("play_versions")]).success
    monkeypatch.setattr(recorded, "SENSOR_LOCK_SECONDS", HELD_WAIT)
    for sensor in ("play_files_sensor", "optout_log_sensor"):
        tick = defs.resolve_sensor_def(sensor)
        with warehouse_held(resources["warehouse"].path):
            busy, _ = _evaluate(tick, instance, resources)
        assert isinstance(busy, dg.SkipReason) and "warehouse is busy" in busy.skip_message, (sensor, busy)
        free, _ = _evaluate(tick, instance, resources)
        assert _skipped(free) and "busy" not in _skip_message(free), f"{sensor} holds all there is, once free"


def _reply(n: int) -> EmailMessage:
    msg = EmailMessage()
    msg["From"] = f"person{n}@acme.example"
    msg["To"] = "sam@outreach.example"
    msg["Subject"] = "Re: hello"
    msg["Message-ID"] = f"<reply-{n}@acme.example>"
    msg.set_content("Sounds interesting, tell me more.")
    return msg


def _replies_run(defs, instance, request: dg.RunRequest) -> bool:
    """The run the daemon would launch for ``request``."""
    return defs.resolve_job_def("replies_job").execute_in_process(
        instance=instance, tags=request.tags, raise_on_error=False).success


def test_reply_sensor_requests_one_run_per_batch_of_new_messages(defs, resources, instance):
    box = mailbox.Maildir(resources["mailbox"].path, create=True)
    empty, _ = _evaluate(reply_mailbox_sensor, instance, resources)
    assert isinstance(empty, dg.SkipReason)
    box.add(_reply(1))
    result, _ = _evaluate(reply_mailbox_sensor, instance, resources)
    [first] = _requests(result)
    again, _ = _evaluate(reply_mailbox_sensor, instance, resources, result.cursor)
    assert [r.run_key for r in _requests(again)] == [first.run_key], "the same run, which the daemon starts once"
    assert _replies_run(defs, instance, first)
    read, _ = _evaluate(reply_mailbox_sensor, instance, resources)
    assert isinstance(read, dg.SkipReason), "read in: nothing left to ask for"
    with resources["warehouse"].connect() as con:
        assert con.execute("select count(*) from unread_mail").fetchone()[0] == 0, "and nothing recorded as unread"
    box.add(_reply(2))
    more, _ = _evaluate(reply_mailbox_sensor, instance, resources)
    assert len(_requests(more)) == 1 and _requests(more)[0].run_key != first.run_key


@pytest.mark.opening("revops_sent")
def test_a_reply_whose_run_failed_is_asked_for_again_and_no_follow_up_goes_out_meanwhile(environ, instance):
    from datetime import datetime, timedelta

    from resources.defaults import build_resources
    from resources.warehouse import Warehouse
    from sdr_assets.assembly import build_definitions
    from sdr_assets.runner import RunReport, run_outreach
    from tests.replies import reply_to

    resources = build_resources(environ())
    defs = build_definitions(resources)
    with resources["warehouse"].connect() as con:
        cursor = con.execute("select * from send_ledger where status = 'sent' order by send_key limit 1")
        sent = dict(zip([c[0] for c in cursor.description], cursor.fetchone()))
    # She answers an hour after the opening's replies run read the mailbox.
    now = datetime.fromisoformat(environ()["SDR_NOW"]) + timedelta(hours=1)
    resources = build_resources(environ(SDR_NOW=now.isoformat()))
    defs = build_definitions(resources)
    mailbox.Maildir(resources["mailbox"].path, create=True).add(reply_to(sent, "Please unsubscribe me.", now))
    first, _ = _evaluate(reply_mailbox_sensor, instance, resources)
    [request] = _requests(first)

    # The run finds the warehouse held by another process for longer than its step waits.
    impatient = build_definitions({**resources, "warehouse": Warehouse(path=resources["warehouse"].path,
                                                                       lock_timeout_seconds=HELD_WAIT,
                                                                       step_wait_minutes=HELD_STEP_WAIT)})
    with warehouse_held(resources["warehouse"].path):
        assert not _replies_run(impatient, instance, request)

    # A week later the follow-ups are due: none goes out while her message waits unread.
    week = build_resources(environ(SDR_NOW=(now + timedelta(days=7)).isoformat()))
    report = RunReport()
    run_outreach(build_definitions(week), instance, report)
    assert not report.failed, "the send step waits for the failed replies run, red itself: no second red"
    [record] = instance.fetch_materializations(dg.AssetKey(["revops-hiring", "send_ledger"]), limit=1).records
    said = {k: v.value for k, v in record.asset_materialization.metadata.items()}
    assert "no replies run has read them in" in said["skipped"] and "(failure" in said["waits_for_run"]
    with resources["warehouse"].connect() as con:
        assert con.execute("select count(*) from send_ledger where step > 1 and status = 'sent'").fetchone()[0] == 0

    retry, _ = _evaluate(reply_mailbox_sensor, instance, week, first.cursor)  # its wait after one failure is over
    [again] = _requests(retry)
    assert again.run_key != request.run_key, "a new run for the same messages: the failed one is not asked for again"
    assert again.tags["sdr/reply_batch"] == request.tags["sdr/reply_batch"]
    assert _replies_run(defs, instance, again)
    done, _ = _evaluate(reply_mailbox_sensor, instance, resources, retry.cursor)
    assert isinstance(done, dg.SkipReason)
    with resources["warehouse"].connect() as con:
        suppressed = {e for (e,) in con.execute("select email from suppression_list").fetchall()}
    assert sent["contact_email"] in suppressed
    report = RunReport()
    run_outreach(build_definitions(week), instance, report)
    assert not report.failed
    with resources["warehouse"].connect() as con:
        followed = {e for (e,) in con.execute(
            "select contact_email from send_ledger where step > 1 and status = 'sent'").fetchall()}
    assert followed and sent["contact_email"] not in followed


def _tick_at(environ, instance, at: datetime, cursor: str | None):
    """The reply sensor's tick at ``at`` by the project clock, given only the resources it uses."""
    from resources.defaults import build_resources

    resources = build_resources(environ(SDR_NOW=at.isoformat()))
    return _evaluate(reply_mailbox_sensor, instance, {k: resources[k] for k in ("mailbox", "warehouse", "policy")},
                     cursor)[0]


def _crashing(resources, folder):
    """Definitions whose runs crash at their first step, every time: the warehouse is a folder."""
    from resources.warehouse import Warehouse
    from sdr_assets.assembly import build_definitions

    folder.mkdir()
    return build_definitions({**resources, "warehouse": Warehouse(path=str(folder))})


def test_a_batch_whose_runs_keep_failing_is_asked_for_later_each_time_up_to_an_hour(
        defs, environ, resources, instance, tmp_path):
    from sdr_assets.reply_intake import sending_blocker

    mailbox.Maildir(resources["mailbox"].path, create=True).add(_reply(1))
    crashing = _crashing(resources, tmp_path / "not-a-warehouse")
    asked = datetime.fromisoformat(environ()["SDR_NOW"])
    # The cursor an earlier version kept (the maildir keys it had seen) holds no wait.
    tick = _tick_at(environ, instance, asked, json.dumps(["1763629200.M1P1.mail"]))
    [request] = _requests(tick)
    for failures, minutes in enumerate([1, 2, 4, 8, 16, 32, 60, 60], start=1):
        assert not _replies_run(crashing, instance, request)
        due = asked + timedelta(minutes=minutes)
        for at in sorted({asked + timedelta(minutes=1), due - timedelta(seconds=1)} - {due}):
            tick = _tick_at(environ, instance, at, tick.cursor)
            assert _requests(tick) == [], (failures, at)
            reason = tick.skip_reason.skip_message
            assert f"failed {failures} time{'s' if failures > 1 else ''} in a row" in reason, reason
            assert f"asked for at {due:%Y-%m-%d %H:%M:%S} UTC, {minutes} min after it last asked" in reason, reason
        tick = _tick_at(environ, instance, due, tick.cursor)
        [request] = _requests(tick)
        assert request.run_key.endswith(f":{failures}") and request.tags["sdr/attempt"] == str(failures + 1)
        asked = due

    with resources["warehouse"].connect(read_only=True) as con:
        assert "no replies run has read them in" in sending_blocker(con, asked, timedelta(minutes=5)), \
            "sends hold back meanwhile"
    assert _replies_run(defs, instance, request)
    done = _tick_at(environ, instance, asked + timedelta(minutes=1), tick.cursor)
    assert done.skip_message == "No new replies"


def test_a_run_that_succeeds_or_a_new_batch_starts_the_wait_over(defs, environ, resources, instance, tmp_path):
    box = mailbox.Maildir(resources["mailbox"].path, create=True)
    box.add(_reply(1))
    crashing = _crashing(resources, tmp_path / "not-a-warehouse")
    start = datetime.fromisoformat(environ()["SDR_NOW"])
    minute = timedelta(minutes=1)
    first = _tick_at(environ, instance, start, None)
    assert not _replies_run(crashing, instance, _requests(first)[0])
    second = _tick_at(environ, instance, start + minute, first.cursor)
    assert not _replies_run(crashing, instance, _requests(second)[0])
    waiting = _tick_at(environ, instance, start + 2 * minute, second.cursor)
    assert _requests(waiting) == [] and "asked for at 2026-11-20 09:03:00 UTC" in waiting.skip_reason.skip_message

    box.add(_reply(2))  # a new batch: both messages, asked for at once
    fresh = _tick_at(environ, instance, start + 2 * minute, waiting.cursor)
    [both] = _requests(fresh)
    assert both.tags["sdr/new_messages"] == "2" and both.run_key.endswith(":0")
    assert _replies_run(defs, instance, both)

    box.add(_reply(3))
    later = _tick_at(environ, instance, start + 3 * minute, fresh.cursor)
    assert not _replies_run(crashing, instance, _requests(later)[0])
    again = _tick_at(environ, instance, start + 4 * minute, later.cursor)
    assert [r.run_key.endswith(":1") for r in _requests(again)] == [True], "one tick after one failure, as at first"


def test_a_clock_set_back_does_not_stretch_the_wait(environ, resources, instance, tmp_path):
    mailbox.Maildir(resources["mailbox"].path, create=True).add(_reply(1))
    start = datetime.fromisoformat(environ()["SDR_NOW"])
    first = _tick_at(environ, instance, start, None)
    assert not _replies_run(_crashing(resources, tmp_path / "not-a-warehouse"), instance, _requests(first)[0])
    back = start - timedelta(days=1)  # SDR_NOW pinned earlier, say, for a replay
    waiting = _tick_at(environ, instance, back, first.cursor)
    assert f"asked for at {back + timedelta(minutes=1):%Y-%m-%d %H:%M:%S} UTC" in waiting.skip_reason.skip_message
    assert len(_requests(_tick_at(environ, instance, back + timedelta(minutes=1), waiting.cursor))) == 1


def test_play_sensor_requalifies_on_change_and_starts_from_what_the_warehouse_holds(defs, resources, instance,
                                                                                   data_dir):
    result, _ = _evaluate(play_files_sensor, instance, resources)
    assert len(_requests(result)) == 1, "every play is new: one signals run"
    quiet, _ = _evaluate(play_files_sensor, instance, resources, result.cursor)
    assert isinstance(quiet, dg.SkipReason)

    path = data_dir / "plays" / "revops-hiring.yaml"
    path.write_text(path.read_text().replace("daily_cap: 40", "daily_cap: 40\npaused: false\n# note"))
    cosmetic, _ = _evaluate(play_files_sensor, instance, resources, result.cursor)
    assert isinstance(cosmetic, dg.SkipReason), "comments and unversioned fields do not change the hash"
    path.write_text(path.read_text().replace("Worth a 20-minute look", "Worth a 15-minute look"))
    changed, _ = _evaluate(play_files_sensor, instance, resources, result.cursor)
    assert len(_requests(changed)) == 1

    # A fresh sensor (no cursor, as on the first start of the UI) over a warehouse that already
    # holds these versions has nothing to do.
    assert defs.resolve_job_def("signals_job").execute_in_process(
        instance=instance, asset_selection=[dg.AssetKey("play_versions")]).success
    fresh, _ = _evaluate(play_files_sensor, instance, resources)
    assert isinstance(fresh, dg.SkipReason), fresh


def test_play_sensor_gives_each_change_of_a_play_its_own_run_key(resources, instance, data_dir):
    path = data_dir / "plays" / "revops-hiring.yaml"
    first = path.read_text()
    edited = first.replace("Worth a 20-minute look", "Worth a 15-minute look")
    cursor = _evaluate(play_files_sensor, instance, resources)[0].cursor
    keys = []
    for text in (edited, first, edited):  # edited, reverted, edited again: each needs its re-qualification
        path.write_text(text)
        tick, _ = _evaluate(play_files_sensor, instance, resources, cursor)
        [request] = _requests(tick)
        same, _ = _evaluate(play_files_sensor, instance, resources, cursor)
        assert [r.run_key for r in _requests(same)] == [request.run_key] and same.cursor == tick.cursor, \
            "the same tick again asks for the same run"
        keys.append(request.run_key)
        cursor = tick.cursor
    assert len(set(keys)) == 3, keys


def _outreach_tick(defs, instance, resources, cursor=None):
    sensor = defs.resolve_sensor_def("outreach_sensor")
    with dg.build_sensor_context(instance=instance, cursor=cursor, resources=declared_resources(sensor, resources),
                                 definitions=defs) as context:
        return sensor(context)


def test_outreach_sensor_launches_nothing_for_a_pending_play_and_says_why(defs, resources, instance):
    tick = _outreach_tick(defs, instance, resources)
    assert list(tick.run_requests) == [], "no run for a play that waits for a decision"
    reason = tick.skip_reason.skip_message
    for play in ("revops-hiring", "series-b-funding", "data-stack-adopters"):
        assert f"{play}: pending, waits for a decision" in reason and f"sdr approve {play}" in reason
    assert {e.asset_key.path[0] for e in tick.asset_events} == {
        "revops-hiring", "series-b-funding", "data-stack-adopters"}, "each play's own gate is recorded as closed"
    again = _outreach_tick(defs, instance, resources, tick.cursor)
    assert list(again.run_requests) == [] and not again.asset_events, "the same state is recorded once"
    assert "revops-hiring: pending" in again.skip_reason.skip_message


def test_outreach_sensor_releases_a_play_when_it_is_approved(defs, resources, instance):
    before = _outreach_tick(defs, instance, resources)
    assert list(before.run_requests) == []

    approve(resources, "revops-hiring")
    after = _outreach_tick(defs, instance, resources, before.cursor)
    assert [(r.job_name, r.tags["sdr/play"]) for r in after.run_requests] == [
        ("outreach_revops_hiring", "revops-hiring")]
    assert [e.asset_key.path[0] for e in after.asset_events] == [], "the others' state did not change"
    same = _outreach_tick(defs, instance, resources, after.cursor)
    assert [r.run_key for r in same.run_requests] == [r.run_key for r in after.run_requests], \
        "same key: Dagster skips it"


@pytest.mark.opening("signals_ran")  # every play drafted and waiting at its gate, as on the morning of a schedule
def test_daily_schedule_runs_approved_plays_and_skips_held_ones(defs, resources, instance):
    from datetime import UTC, datetime

    monday = datetime(2026, 11, 23, 8, tzinfo=UTC)
    revops, series_b = (defs.resolve_schedule_def(f"daily_outreach_{p}") for p in ("revops_hiring", "series_b_funding"))
    with dg.build_schedule_context(instance=instance, scheduled_execution_time=monday, resources=resources) as context:
        held = revops(context)
        assert isinstance(held, dg.SkipReason) and "sdr approve revops-hiring" in held.skip_message
        approve(resources, "revops-hiring")
        request = revops(context)
        assert isinstance(series_b(context), dg.SkipReason)
    assert request.run_key == "daily:revops-hiring:2026-11-23"

    result = defs.resolve_job_def("outreach_revops_hiring").execute_in_process(instance=instance, tags=request.tags)
    assert result.success
    sent = {str(m["Message-ID"]) for m in mailbox.Maildir(resources["mail"].path, create=True)}
    with resources["warehouse"].connect() as con:
        plays = dict(con.execute("select message_id, play from send_ledger").fetchall())
    assert sent and {plays.get(message_id) for message_id in sent} == {"revops-hiring"}


@pytest.mark.opening("revops_sent")
def test_fresh_sensors_do_not_rerun_what_a_run_already_processed(defs, resources, instance, data_dir):
    """As `make ui` after `make demo`: sensors without cursors find nothing to do, held plays only named.
    The opening approved revops-hiring and ran `run_due`; a reply came in after, which a replies run read."""
    from sensors.optouts import optout_log_sensor

    from sdr_assets.runner import RunReport, run_replies

    mailbox.Maildir(resources["mailbox"].path, create=True).add(_reply(1))
    report = RunReport()
    run_replies(defs, instance, report)
    assert report.runs and not report.failed
    for sensor in (signal_files_sensor, reply_mailbox_sensor, play_files_sensor, optout_log_sensor):
        result, _ = _evaluate(sensor, instance, resources)
        assert _skipped(result), (sensor.name, result)
    outreach = _outreach_tick(defs, instance, resources)
    assert list(outreach.run_requests) == [], "the approved play's sends are up to date"
    assert "series-b-funding: pending" in outreach.skip_reason.skip_message


# The last two have the shape of a back-off cursor, their time or attempt out of range (set by hand).
BAD_CURSORS = ["not json", "[]", "[1]", "abc", "-5", '{"revops-hiring": 1}',
               '{"asked_at": "9999-12-31T23:59:59-05:00", "attempt": 0, "batch": "b"}',
               '{"asked_at": "2026-11-20T09:00:00+00:00", "attempt": 1e400, "batch": "b"}']


def _outcome(result) -> tuple[list[str], str | None, int]:
    """What a tick asks for, says and records, whatever type it returned."""
    if isinstance(result, dg.SkipReason):
        return [], result.skip_message, 0
    skip = result.skip_reason.skip_message if result.skip_reason else None
    return sorted(r.run_key for r in result.run_requests), skip, len(result.asset_events)


@pytest.mark.parametrize("sensor", ["signal_files_sensor", "play_files_sensor", "outreach_sensor"])
def test_a_cursor_the_sensor_did_not_write_counts_as_none_with_a_warning(defs, resources, instance, capfd, sensor):
    def tick(cursor):
        evaluated = defs.resolve_sensor_def(sensor)
        with dg.build_sensor_context(instance=instance, cursor=cursor,
                                     resources=declared_resources(evaluated, resources), definitions=defs) as context:
            return _outcome(evaluated(context))

    fresh = tick(None)
    assert fresh[0] or fresh[2], "the world has something to ask for or record, so a wrong start would show"
    capfd.readouterr()
    for cursor in BAD_CURSORS:
        assert tick(cursor) == fresh, cursor
        assert f"Cursor {cursor!r} ignored" in capfd.readouterr().err, cursor


def test_the_signals_sensors_cursor_of_earlier_versions_counts_as_none_without_a_warning(
        resources, instance, capfd):
    files = sorted(p.name for p in resources["paths"].signals.iterdir())
    earlier = json.dumps({name: "120:1700000000000000000" for name in files})
    fresh = _outcome(_evaluate(signal_files_sensor, instance, resources)[0])
    assert fresh[0], "the inbox holds unread files, so a wrong start would show"
    capfd.readouterr()
    assert _outcome(_evaluate(signal_files_sensor, instance, resources, earlier)[0]) == fresh
    assert "ignored" not in capfd.readouterr().err, "the sensor's own earlier cursor is no mistake to warn of"


# --- the outreach sensor asks again for a failed run, and makes up a skipped daily run ------------

SATURDAY = datetime.fromisoformat("2026-11-21T10:00:00+00:00")  # no daily run is due on a weekend


def _at(environ, at: datetime, **overrides) -> dict:
    """The resources of a tick or a run at ``at`` by the project clock."""
    from resources.defaults import build_resources

    return {**build_resources(environ(SDR_NOW=at.isoformat())), **overrides}


def _outreach_run(defs, instance, request: dg.RunRequest) -> bool:
    """The run the daemon would launch for ``request``: its tags and its run key."""
    return defs.resolve_job_def(request.job_name).execute_in_process(
        instance=instance, tags={**request.tags, "dagster/run_key": request.run_key}, raise_on_error=False).success


def _locked_out(resources) -> dg.Definitions:
    """Definitions whose steps wait under half a second for the warehouse; another process holds it
    longer."""
    from resources.warehouse import Warehouse
    from sdr_assets.assembly import build_definitions

    return build_definitions({**resources, "warehouse": Warehouse(path=resources["warehouse"].path,
                                                                  lock_timeout_seconds=HELD_WAIT,
                                                                  step_wait_minutes=HELD_STEP_WAIT)})


@pytest.mark.opening("revops_ready")
def test_a_release_whose_run_failed_is_asked_for_again_later_and_not_after_it_sent(environ, instance):
    from sdr_assets.assembly import build_definitions

    resources = _at(environ, SATURDAY)
    defs = build_definitions(resources)
    first = _outreach_tick(defs, instance, resources)
    [request] = first.run_requests
    assert request.job_name == "outreach_revops_hiring"
    with warehouse_held(resources["warehouse"].path):
        assert not _outreach_run(_locked_out(resources), instance, request), "the warehouse was held too long"

    soon = _outreach_tick(defs, instance, _at(environ, SATURDAY + timedelta(seconds=59)), first.cursor)
    assert list(soon.run_requests) == []
    assert ("revops-hiring: its send run failed 1 time in a row, so the next is asked for at "
            "2026-11-21 10:01:00 UTC") in soon.skip_reason.skip_message
    due = _at(environ, SATURDAY + timedelta(minutes=1))
    [again] = _outreach_tick(defs, instance, due, soon.cursor).run_requests
    assert again.run_key != request.run_key, "a new key: Dagster starts a run key once"
    assert [r.run_key for r in _outreach_tick(defs, instance, due).run_requests] == [again.run_key], \
        "the same key while that run is under way"

    assert _outreach_run(defs, instance, again)
    done = _outreach_tick(defs, instance, _at(environ, SATURDAY + timedelta(hours=1)), first.cursor)
    assert list(done.run_requests) == [] and "revops-hiring" not in done.skip_reason.skip_message


@pytest.mark.opening("revops_ready")
def test_a_release_whose_send_step_the_send_lock_skipped_is_asked_for_again_later(environ, instance):
    from resources.defaults import build_resources
    from sdr_assets.assembly import build_definitions
    from sdr_assets.send_guard import send_lock, send_lock_path

    resources = _at(environ, SATURDAY)
    defs = build_definitions(resources)
    first = _outreach_tick(defs, instance, resources)
    [request] = first.run_requests
    impatient = build_definitions(build_resources(environ(SDR_NOW=SATURDAY.isoformat(), SDR_SEND_LOCK_TIMEOUT="0")))
    with send_lock(send_lock_path(resources["warehouse"].path), 0):  # another batch is sending
        assert _outreach_run(impatient, instance, request), "a skip for the send lock is a designed state: green"
    assert not mailbox.Maildir(resources["mail"].path, create=True).keys(), "nothing was sent"

    soon = _outreach_tick(defs, instance, _at(environ, SATURDAY + timedelta(seconds=59)), first.cursor)
    assert list(soon.run_requests) == [], "not the same key, which Dagster would drop"
    assert "revops-hiring: its send run sent nothing 1 time in a row, so the next is asked for at 2026-11-21 10:01:00" \
        in soon.skip_reason.skip_message
    due = _at(environ, SATURDAY + timedelta(minutes=1))
    [again] = _outreach_tick(defs, instance, due, soon.cursor).run_requests
    assert again.run_key != request.run_key and again.run_key.endswith(":1")
    assert _outreach_run(defs, instance, again)
    assert mailbox.Maildir(resources["mail"].path, create=True).keys(), "the retry sent"
    done = _outreach_tick(defs, instance, _at(environ, SATURDAY + timedelta(hours=1)), first.cursor)
    assert list(done.run_requests) == [] and "revops-hiring" not in done.skip_reason.skip_message


def _watched_by_the_guard_only(resources, at: datetime) -> dict:
    """``resources`` at ``at``; three complaints would trip the play monitor too, here the guard holds."""
    from resources.settings import SendPolicy

    policy = resources["policy"]
    return {**resources, "policy": SendPolicy(now_override=at.isoformat(), postal_address=policy.postal_address,
                                              monitor_threshold=1000.0, monitor_segment_threshold=1000.0)}


@pytest.mark.opening("revops_sent")
def test_a_release_the_deliverability_guard_stopped_is_not_asked_for_again(environ, instance):
    """The complaints arrive between the sensor's request and its run: the run stops at the guard,
    and from then on the play waits as held, with the guard's reading, and no run is asked for."""
    from sdr_assets.assembly import build_definitions
    from tests.send_world import complaint

    resources = _watched_by_the_guard_only(_at(environ, SATURDAY), SATURDAY)
    defs = build_definitions(resources)
    instance.report_runless_asset_event(dg.AssetMaterialization("research_angles"))  # new research to send
    [request] = _outreach_tick(defs, instance, resources).run_requests
    with resources["warehouse"].connect() as con:
        sent = con.execute("select contact_email, message_id from send_ledger where status = 'sent' "
                           "order by send_key limit 3").fetchall()
    box = mailbox.Maildir(resources["mailbox"].path, create=True)
    for contact, message_id in sent:
        box.add(complaint(contact, message_id, SATURDAY - timedelta(hours=1)))
    assert defs.resolve_job_def("replies_job").execute_in_process(instance=instance).success

    assert not _outreach_run(defs, instance, request), "the guard holds the play's sends"
    for later in (timedelta(minutes=1), timedelta(hours=2)):
        tick = _outreach_tick(defs, instance, _watched_by_the_guard_only(resources, SATURDAY + later))
        assert list(tick.run_requests) == [], later
        assert "revops-hiring: sending paused: mailbox sam@outreach.example" in tick.skip_reason.skip_message
        assert [(e.check_name, e.severity) for e in tick.asset_events if e.asset_key.path[0] == "revops-hiring"] \
            == [("deliverability_guard", dg.AssetCheckSeverity.WARN)], "recorded in amber, as a state"


NO_POSTAL_ADDRESS = "Nothing sent. play 'revops-hiring' has no postal address"


@pytest.mark.opening("revops_ready")
def test_a_release_whose_send_step_refused_is_not_asked_for_again_and_says_why(environ, instance):
    from resources.defaults import build_resources
    from sdr_assets.assembly import build_definitions

    resources = _at(environ, SATURDAY)
    defs = build_definitions(resources)
    [request] = _outreach_tick(defs, instance, resources).run_requests
    unaddressed = build_definitions(build_resources(environ(SDR_NOW=SATURDAY.isoformat(), SDR_POSTAL_ADDRESS="")))
    assert not _outreach_run(unaddressed, instance, request), "the send step refuses without a postal address"
    [refused] = instance.get_run_ids(filters=dg.RunsFilter(tags={"dagster/run_key": request.run_key}))
    for later in (timedelta(minutes=1), timedelta(hours=2)):
        tick = _outreach_tick(defs, instance, _at(environ, SATURDAY + later))
        assert list(tick.run_requests) == [], f"it would fail the same way ({later} later)"
        said = tick.skip_reason.skip_message
        assert f'revops-hiring: its run {refused[:8]} failed: "{NO_POSTAL_ADDRESS}' in said
        assert "not asked for again" in said and "fix the cause, then `sdr run`" in said


@pytest.mark.opening("revops_ready")
def test_a_release_refused_while_replies_wait_unread_is_asked_for_again_after_the_backoff(environ, instance):
    from sdr_assets.assembly import build_definitions
    from sdr_assets.reply_intake import record_unread

    resources = _at(environ, SATURDAY)
    defs = build_definitions(resources)
    with resources["warehouse"].connect() as con:
        record_unread(con, "MaildirMailbox", 1, SATURDAY - timedelta(hours=1))  # seen, not read since
    first = _outreach_tick(defs, instance, resources)
    [request] = first.run_requests
    assert not _outreach_run(defs, instance, request), "the send step refuses while replies wait unread"
    [stopped] = instance.get_run_ids(filters=dg.RunsFilter(tags={"dagster/run_key": request.run_key}))
    assert "sending stopped" in _step_refusal(instance, stopped)

    soon = _outreach_tick(defs, instance, _at(environ, SATURDAY + timedelta(seconds=59)), first.cursor)
    assert list(soon.run_requests) == []
    assert "revops-hiring: its send run failed 1 time in a row, so the next is asked for at 2026-11-21 10:01:00" \
        in soon.skip_reason.skip_message
    due = _at(environ, SATURDAY + timedelta(minutes=1))
    assert defs.resolve_job_def("replies_job").execute_in_process(instance=instance).success
    [again] = _outreach_tick(defs, instance, due, soon.cursor).run_requests
    assert again.run_key != request.run_key and again.run_key.endswith(":1")
    assert _outreach_run(defs, instance, again), "the replies job read the mailbox: the retry sends"
    assert mailbox.Maildir(resources["mail"].path, create=True).keys()


@pytest.mark.opening("revops_ready")
def test_a_release_that_waited_for_a_fresh_replies_run_is_green_and_asked_for_again_after_the_backoff(
        environ, instance):
    from sdr_assets.assembly import build_definitions
    from sdr_assets.play_state import SKIPPED
    from sdr_assets.reply_intake import record_unread
    from tests.mailbox_down import replies_run_down

    resources = _at(environ, SATURDAY)
    defs = build_definitions(resources)
    with resources["warehouse"].connect() as con:
        record_unread(con, "MaildirMailbox", 1, SATURDAY - timedelta(hours=1))  # seen, not read since
    down = replies_run_down(resources, instance)
    assert not down.success, "the replies run shows the cause, red"
    first = _outreach_tick(defs, instance, resources)
    [request] = first.run_requests
    assert _outreach_run(defs, instance, request), "the send step waits for the fresh replies run: green"
    assert not mailbox.Maildir(resources["mail"].path, create=True).keys(), "nothing was sent"
    [record] = instance.fetch_materializations(dg.AssetKey(["revops-hiring", "send_ledger"]), limit=1).records
    said = {k: v.value for k, v in record.asset_materialization.metadata.items()}
    assert "sending waits for the replies" in said[SKIPPED] and said["waits_for"] == down.run_id

    soon = _outreach_tick(defs, instance, _at(environ, SATURDAY + timedelta(seconds=59)), first.cursor)
    assert list(soon.run_requests) == []
    assert "revops-hiring: its send run sent nothing 1 time in a row, so the next is asked for at 2026-11-21 10:01:00" \
        in soon.skip_reason.skip_message
    assert defs.resolve_job_def("replies_job").execute_in_process(instance=instance).success
    [again] = _outreach_tick(defs, instance, _at(environ, SATURDAY + timedelta(minutes=1)), soon.cursor).run_requests
    assert again.run_key.endswith(":1") and _outreach_run(defs, instance, again)
    assert mailbox.Maildir(resources["mail"].path, create=True).keys(), "the replies read: the retry sends"


def _step_refusal(instance, run_id: str) -> str:
    [record] = instance.get_records_for_run(run_id, of_type=dg.DagsterEventType.STEP_FAILURE).records
    return record.event_log_entry.dagster_event.step_failure_data.user_failure_data.description


@pytest.mark.opening("revops_ready")
def test_a_daily_run_whose_send_step_refused_is_asked_for_once_a_day(environ, instance):
    from resources.defaults import build_resources
    from sdr_assets.assembly import build_definitions

    monday = datetime.fromisoformat("2026-11-23T08:10:00+00:00")
    defs = build_definitions(_at(environ, monday))
    unaddressed = build_definitions(build_resources(environ(SDR_NOW=monday.isoformat(), SDR_POSTAL_ADDRESS="")))
    [daily] = _outreach_tick(defs, instance, _at(environ, monday)).run_requests
    assert daily.run_key == "daily:revops-hiring:2026-11-23"
    assert not _outreach_run(unaddressed, instance, daily)
    for later in (timedelta(minutes=1), timedelta(hours=2)):
        tick = _outreach_tick(defs, instance, _at(environ, monday + later))
        assert list(tick.run_requests) == [], f"it would fail the same way ({later} later)"
        assert "revops-hiring: its daily run" in tick.skip_reason.skip_message
        assert NO_POSTAL_ADDRESS in tick.skip_reason.skip_message
    [tuesday] = _outreach_tick(defs, instance, _at(environ, monday + timedelta(days=1))).run_requests
    assert tuesday.run_key == "daily:revops-hiring:2026-11-24", "a new day's run is asked for once"


@pytest.mark.opening("revops_sent")  # Friday's `sdr run` with the play approved
def test_a_daily_run_the_busy_warehouse_skipped_or_failed_is_made_up_by_the_outreach_sensor(defs, environ, resources,
                                                                                         instance, tmp_path,
                                                                                         monkeypatch):
    from sdr_assets.assembly import build_definitions
    from sensors import schedules
    from tests.monitor_world import assert_sent

    assert_sent(resources, "revops-hiring")  # Friday's run sent the approved play's first emails
    monday = datetime.fromisoformat("2026-11-23T08:00:00+00:00")
    for quiet in (SATURDAY, monday - timedelta(minutes=1), monday + timedelta(minutes=2)):
        tick = _outreach_tick(defs, instance, _at(environ, quiet))
        assert list(tick.run_requests) == [], f"nothing due at {quiet}, or the schedule's own run comes first"

    schedule = defs.resolve_schedule_def("daily_outreach_revops_hiring")
    monkeypatch.setattr(schedules, "SCHEDULE_LOCK_SECONDS", HELD_WAIT)
    with warehouse_held(resources["warehouse"].path):
        with dg.build_schedule_context(instance=instance, scheduled_execution_time=monday,
                                       resources=resources) as context:
            skipped = schedule(context)
    assert isinstance(skipped, dg.SkipReason) and "Warehouse busy on 2026-11-23" in skipped.skip_message

    later = _at(environ, monday + timedelta(minutes=10))
    [made_up] = _outreach_tick(defs, instance, later).run_requests
    assert (made_up.job_name, made_up.run_key) == ("outreach_revops_hiring", "daily:revops-hiring:2026-11-23"), \
        "the schedule's own key"
    with warehouse_held(resources["warehouse"].path):
        assert not _outreach_run(_locked_out(later), instance, made_up), "another process held the warehouse"
    soon = _outreach_tick(defs, instance, _at(environ, monday + timedelta(minutes=10, seconds=59)))
    assert list(soon.run_requests) == [], "a failed daily run waits, as a failed release does"
    assert ("revops-hiring: its daily run failed 1 time in a row, so the next is asked for at "
            "2026-11-23 08:11:00 UTC") in soon.skip_reason.skip_message
    due = _at(environ, monday + timedelta(minutes=11))
    [retry] = _outreach_tick(defs, instance, due).run_requests
    assert retry.run_key == "daily:revops-hiring:2026-11-23:1", "a new key: Dagster starts a run key once"
    with warehouse_held(resources["warehouse"].path):
        assert not _outreach_run(_locked_out(later), instance, retry), "held again"
    waiting = _outreach_tick(defs, instance, _at(environ, monday + timedelta(minutes=12)))
    assert list(waiting.run_requests) == [] and "failed 2 times in a row" in waiting.skip_reason.skip_message
    [third] = _outreach_tick(defs, instance, _at(environ, monday + timedelta(minutes=13))).run_requests
    assert third.run_key == "daily:revops-hiring:2026-11-23:2"
    assert _outreach_run(build_definitions(_at(environ, monday + timedelta(minutes=13))), instance, third)
    again = _outreach_tick(defs, instance, _at(environ, monday + timedelta(hours=3)))
    assert list(again.run_requests) == [], "that day's run sent: none is added"
    [tuesday] = _outreach_tick(defs, instance, _at(environ, monday + timedelta(days=1, minutes=10))).run_requests
    assert tuesday.run_key == "daily:revops-hiring:2026-11-24"


def test_the_days_tick_is_read_from_the_schedule_in_its_own_timezone():
    from sensors.schedules import todays_tick

    new_york = dg.ScheduleDefinition(name="mornings", job_name="outreach_x", cron_schedule="0 8 * * 1-5",
                                     execution_timezone="America/New_York")
    monday = datetime.fromisoformat("2026-11-23T13:00:00+00:00")  # 08:00 in New York
    assert todays_tick(new_york, monday).isoformat() == "2026-11-23T08:00:00-05:00"
    assert todays_tick(new_york, monday + timedelta(hours=12)).date().isoformat() == "2026-11-23", \
        "01:00 UTC on Tuesday is still Monday evening there"
    assert todays_tick(new_york, monday - timedelta(minutes=1)) is None, "07:59 there"
    assert todays_tick(new_york, monday - timedelta(days=2)) is None, "a Saturday"


def test_a_back_off_cursor_out_of_range_counts_as_none():
    from sensors import reply_backoff

    for cursor in BAD_CURSORS[-2:]:
        assert reply_backoff.last_asked(cursor) is None, cursor
    fine = reply_backoff.Asked("b", 1, datetime.fromisoformat("2026-11-20T09:00:00+00:00"))
    assert reply_backoff.last_asked(fine.cursor()) == fine
