"""The outreach sensor asks for no run of a play whose last run on the same inputs wrote nothing and
left nothing due (``unchanged_outreach``), and says so in a skip; anything the run reads that moved
asks for it again, under the key it would have had.

Monday 07:30, a `sdr run` by cron found nothing left to send; at 08:10 the sensor would make up the
day's run the weekday schedule asks for at 08:00 (no send step ran since): the same nothing again.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

import dagster as dg
import pytest

from resources.defaults import build_resources
from sdr_assets import optout_log
from sdr_assets.assembly import build_definitions
from sdr_assets.play_graph import job_name
from sdr_assets.runner import RunReport, run_outreach
from sdr_assets.unchanged_outreach import PassInputs, settled_inputs
from sensors import recorded, settled_plays
from sensors.settled_plays import settled_play
from tests.approving import approve
from tests.mail.smtp_server import RecordingHandler, start_smtp_server
from tests.reachable import REACHABLE_OPTOUTS, service_beat
from tests.sensor_ticks import declared_resources
from tests.held_warehouse import warehouse_held
from tests.test_sensors import HELD_WAIT

REVOPS, SERIES_B = "revops-hiring", "series-b-funding"
DAILY_KEY = "daily:revops-hiring:2026-11-23"
MONDAY_CRON, MONDAY_TICK = (datetime.fromisoformat(f"2026-11-23T{at}+00:00") for at in ("07:30", "08:10"))


def _settled_by_cron(environ, instance) -> None:
    """`sdr run`'s outreach at 07:30 until a run launches nothing: the follow-ups due went out first."""
    defs = build_definitions(build_resources(environ(SDR_NOW=MONDAY_CRON.isoformat())))
    for _ in range(3):
        report = RunReport()
        run_outreach(defs, instance, report, analytics=False)
        assert not report.failed, report.reasons
        if report.runs == []:
            return
    raise AssertionError("precondition: a run on the same inputs is skipped")


def _tick(environ, instance) -> dg.SensorResult:
    resources = build_resources(environ(SDR_NOW=MONDAY_TICK.isoformat()))
    defs = build_definitions(resources)
    sensor = defs.resolve_sensor_def("outreach_sensor")
    with dg.build_sensor_context(instance=instance, resources=declared_resources(sensor, resources),
                                 definitions=defs) as context:
        return sensor(context)


def _schedule_tick(environ, instance) -> dg.RunRequest | dg.SkipReason:
    """The daily schedule's own tick at 08:00, evaluated at the sensor's time."""
    at_tick = build_resources(environ(SDR_NOW=MONDAY_TICK.isoformat()))
    defs = build_definitions(at_tick)
    daily = defs.resolve_schedule_def("daily_outreach_revops_hiring")
    with dg.build_schedule_context(instance=instance, scheduled_execution_time=MONDAY_TICK.replace(minute=0),
                                   resources=at_tick, repository_def=defs.get_repository_def()) as context:
        return daily(context)


def _asked_for(result: dg.SensorResult) -> list[str]:
    return [request.tags["sdr/play"] for request in result.run_requests]


def _optout(resources: dict) -> None:
    with resources["warehouse"].connect() as con:
        key, address = con.execute("select send_key, contact_email from send_ledger where status = 'sent' "
                                   "and play = ? order by send_key limit 1", [REVOPS]).fetchone()
    optout_log.append(resources["paths"].data_dir, key, address, resources["policy"].now())


def _new_draft(resources: dict) -> None:
    """A draft the signals run wrote since: a copy of one of the play's, to another person of its account."""
    with resources["warehouse"].connect() as con:
        con.execute("create temp table drafted as select * from message_drafts where play = ? limit 1", [REVOPS])
        con.execute("update drafted set contact_email = 'new.person.' || contact_email, "
                    "draft_id = draft_id || '-new'")
        con.execute("insert into message_drafts select * from drafted")


CHANGES: dict[str, Callable[[dict], object]] = {
    "approval": lambda resources: approve(resources, REVOPS, by="Sam Okafor", note="read the new samples"),
    "opt-out": _optout,
    "draft": _new_draft,
}


@pytest.mark.opening("revops_sent")
@pytest.mark.parametrize("change", sorted(CHANGES))
def test_the_sensor_asks_for_no_run_over_unchanged_inputs_and_asks_after_a_change(environ, resources, instance,
                                                                                   change):
    _settled_by_cron(environ, instance)
    unchanged = _tick(environ, instance)
    assert _asked_for(unchanged) == []
    reason = unchanged.skip_reason.skip_message
    assert f"{REVOPS}: every input as its last run left it and nothing due" in reason, reason
    assert "series-b-funding: pending" in reason, "held plays are still named"

    CHANGES[change](resources)
    assert _asked_for(_tick(environ, instance)) == [REVOPS]


@pytest.mark.opening("revops_sent")
def test_the_daily_schedule_skips_a_settled_play_and_runs_it_after_an_opt_out(environ, resources, instance):
    """The schedule's own tick at 08:00 asks the same: over unchanged inputs it skips, saying why."""
    _settled_by_cron(environ, instance)
    skipped = _schedule_tick(environ, instance)
    assert isinstance(skipped, dg.SkipReason), skipped
    assert f"{REVOPS}: every input as its last run left it and nothing due" in skipped.skip_message
    _optout(resources)
    assert _schedule_tick(environ, instance).run_key == DAILY_KEY


@pytest.mark.opening("revops_sent")
def test_inputs_that_cannot_be_read_ask_for_the_run_which_reports_them(environ, resources, instance):
    """A link in the opt-out folder that leads through a file: reading it fails (not a directory), and
    the sensor and the schedule ask for the run rather than fail the tick."""
    _settled_by_cron(environ, instance)
    folder = optout_log.log_path(resources["paths"].data_dir).parent
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "broken").symlink_to(resources["paths"].plays / f"{REVOPS}.yaml" / "part")
    assert _asked_for(_tick(environ, instance)) == [REVOPS]
    assert _schedule_tick(environ, instance).run_key == DAILY_KEY


@pytest.mark.opening("revops_sent")
def test_once_the_warehouse_is_held_too_long_no_other_play_of_the_tick_waits_for_it(defs, resources, instance,
                                                                                    monkeypatch):
    looked = []

    def looking(job, services, play, shared):
        looked.append(play)
        return settled_inputs(job, services, play, shared)

    monkeypatch.setattr(recorded, "SENSOR_LOCK_SECONDS", HELD_WAIT)
    monkeypatch.setattr(settled_plays, "settled_inputs", looking)
    services = {name: resources[name] for name in ("warehouse", "paths", "policy", "model", "mail")}
    shared, plays = PassInputs(), [REVOPS, SERIES_B]
    with warehouse_held(resources["warehouse"].path):
        asked = [settled_play(defs.get_repository_def(), job_name(play), play, services, shared) for play in plays]
    assert looked == [REVOPS], "the first play waited, the next was asked for at once"
    assert asked == [None, None]


@pytest.fixture
def smtp_server():
    controller = start_smtp_server(RecordingHandler())
    yield controller
    controller.stop()


@pytest.mark.opening("revops_sent")
def test_a_play_settled_over_smtp_is_skipped_whatever_its_password(environ, instance, data_dir, smtp_server,
                                                                   monkeypatch):
    """`sdr run` digests the transport as configured (the password's variable), a tick as built (its value):
    the password is no input of either."""
    over_smtp = {"SDR_SMTP_HOST": "127.0.0.1", "SDR_SMTP_PORT": str(smtp_server.port), "SDR_SMTP_SECURITY": "none",
                 "SDR_SMTP_PASSWORD": "app-password", **REACHABLE_OPTOUTS}
    monkeypatch.setenv("SDR_SMTP_PASSWORD", over_smtp["SDR_SMTP_PASSWORD"])
    service_beat(data_dir)

    def smtp_environ(**extra):
        return environ(**over_smtp, **extra)

    _settled_by_cron(smtp_environ, instance)
    skipped = _tick(smtp_environ, instance)
    assert _asked_for(skipped) == []
    assert f"{REVOPS}: every input as its last run left it" in skipped.skip_reason.skip_message
