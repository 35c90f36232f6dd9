"""Sensors: one run request per new input, none for what was already seen."""

import json
import mailbox
from email.message import EmailMessage

import dagster as dg

from sdr_assets.decisions import decide
from sdr_assets.partitions import play_partitions
from sensors.plays import outreach_sensor, play_files_sensor
from sensors.replies import reply_mailbox_sensor
from sensors.signal_files import signal_files_sensor


def _evaluate(sensor, instance, resources, cursor=None):
    # Contexts are closed at once: one left to the garbage collector restores a stale instance
    # into Dagster's context variable in whatever test happens to be running then.
    with dg.build_sensor_context(instance=instance, cursor=cursor, resources=resources) as context:
        return sensor(context), context


def _requests(result):
    return [] if isinstance(result, dg.SkipReason) else list(result.run_requests)


def test_signal_file_sensor_requests_once_per_new_file(resources, instance, data_dir):
    result, _ = _evaluate(signal_files_sensor, instance, resources)
    first = _requests(result)
    assert len(first) == 1
    cursor = result.cursor
    again, _ = _evaluate(signal_files_sensor, instance, resources, cursor)
    assert isinstance(again, dg.SkipReason)

    (data_dir / "inbox" / "signals" / "late_feed.jsonl").write_text(
        json.dumps({"signal_id": "late-1", "company_domain": "x.example", "signal_type": "funding",
                    "observed_at": "2026-11-19T00:00:00Z"}) + "\n")
    new, _ = _evaluate(signal_files_sensor, instance, resources, cursor)
    requests = _requests(new)
    assert len(requests) == 1 and requests[0].run_key != first[0].run_key
    replay, _ = _evaluate(signal_files_sensor, instance, resources, new.cursor)
    assert isinstance(replay, dg.SkipReason)


def _reply(n: int) -> EmailMessage:
    msg = EmailMessage()
    msg["From"] = f"person{n}@acme.example"
    msg["To"] = "sam@outreach.example"
    msg["Subject"] = "Re: hello"
    msg["Message-ID"] = f"<reply-{n}@acme.example>"
    msg.set_content("Sounds interesting, tell me more.")
    return msg


def test_reply_sensor_requests_once_per_new_message(resources, instance):
    box = mailbox.Maildir(resources["mailbox"].path, create=True)
    empty, _ = _evaluate(reply_mailbox_sensor, instance, resources)
    assert isinstance(empty, dg.SkipReason)
    box.add(_reply(1))
    result, _ = _evaluate(reply_mailbox_sensor, instance, resources)
    assert len(_requests(result)) == 1
    again, _ = _evaluate(reply_mailbox_sensor, instance, resources, result.cursor)
    assert isinstance(again, dg.SkipReason)
    box.add(_reply(2))
    more, _ = _evaluate(reply_mailbox_sensor, instance, resources, result.cursor)
    assert len(_requests(more)) == 1 and _requests(more)[0].run_key != _requests(result)[0].run_key


def test_play_sensor_adds_a_partition_per_play_and_requalifies_on_change(resources, instance, data_dir):
    result, _ = _evaluate(play_files_sensor, instance, resources)
    added = result.dynamic_partitions_requests[0]
    assert sorted(added.partition_keys) == ["data-stack-adopters", "revops-hiring", "series-b-funding"]
    instance.add_dynamic_partitions(play_partitions.name, list(added.partition_keys))
    quiet, _ = _evaluate(play_files_sensor, instance, resources, result.cursor)
    assert isinstance(quiet, dg.SkipReason)

    path = data_dir / "plays" / "revops-hiring.yaml"
    path.write_text(path.read_text().replace("daily_cap: 40", "daily_cap: 40\npaused: false\n# note"))
    cosmetic, _ = _evaluate(play_files_sensor, instance, resources, result.cursor)
    assert isinstance(cosmetic, dg.SkipReason), "comments and unversioned fields do not change the hash"
    path.write_text(path.read_text().replace("Worth a 20-minute look", "Worth a 15-minute look"))
    changed, _ = _evaluate(play_files_sensor, instance, resources, result.cursor)
    assert len(_requests(changed)) == 1


def test_outreach_sensor_releases_a_play_when_it_is_approved(resources, instance):
    instance.add_dynamic_partitions(play_partitions.name, ["revops-hiring", "series-b-funding"])
    before, _ = _evaluate(outreach_sensor, instance, resources)
    keys_before = {r.partition_key: r.run_key for r in _requests(before)}
    assert set(keys_before) == {"revops-hiring", "series-b-funding"}

    decide("revops-hiring", "approve", "Dana Whitfield", warehouse_path=resources["warehouse"].path,
           plays_dir=resources["paths"].plays_dir)
    after, _ = _evaluate(outreach_sensor, instance, resources, before.cursor)
    keys_after = {r.partition_key: r.run_key for r in _requests(after)}
    assert keys_after["revops-hiring"] != keys_before["revops-hiring"]
    assert keys_after["series-b-funding"] == keys_before["series-b-funding"], "same key: Dagster skips it"


def test_daily_schedule_runs_every_play_and_the_gate_still_holds(defs, resources, instance):
    from datetime import UTC, datetime

    from sdr_assets.runner import RunReport, run_signals
    from sensors.schedules import daily_outreach_schedule

    monday = datetime(2026, 11, 23, 8, tzinfo=UTC)
    with dg.build_schedule_context(instance=instance, scheduled_execution_time=monday) as context:
        assert isinstance(daily_outreach_schedule(context), dg.SkipReason)
        instance.add_dynamic_partitions(play_partitions.name, ["revops-hiring", "series-b-funding"])
        requests = daily_outreach_schedule(context)
    assert [(r.partition_key, r.run_key) for r in requests] == [
        ("revops-hiring", "daily:revops-hiring:2026-11-23"), ("series-b-funding", "daily:series-b-funding:2026-11-23")]

    run_signals(defs, instance, RunReport())
    job = defs.resolve_job_def("outreach_job")
    for request in requests:
        result = job.execute_in_process(instance=instance, partition_key=request.partition_key, raise_on_error=False)
        assert not result.success, "no play is approved: the scheduled run stops at the gate"
    assert not mailbox.Maildir(resources["mail"].path, create=True).keys()
