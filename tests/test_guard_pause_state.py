"""A play whose sending mailbox the deliverability guard paused waits as a state, as `sdr status`
lists it: the weekday schedule skips it with the guard's reading, the outreach sensor asks no run and
records the guard's check in amber, and `sdr run` reports it held instead of a failed run. Before,
the schedule launched the play's job every weekday and its blocking check turned the run red."""

from datetime import UTC, datetime, timedelta

import dagster as dg
import mailbox
import pytest

from resources.defaults import build_resources
from resources.settings import SendPolicy
from sdr_assets.assembly import build_definitions
from sdr_assets.runner import run_due
from tests.conftest import environ_for
from tests.send_world import complaint

REVOPS = "revops-hiring"
AFTER = datetime(2026, 11, 20, 12, tzinfo=UTC)
MONDAY = datetime(2026, 11, 23, 8, tzinfo=UTC)


def _guard_only(resources: dict, now: datetime) -> dict:
    """Three complaints would trip the play monitor too (a held state of its own), and one segment's rate
    test were they all in it; here only the guard holds."""
    policy = resources["policy"]
    return {**resources, "policy": SendPolicy(now_override=now.isoformat(), postal_address=policy.postal_address,
                                              monitor_threshold=1000.0, monitor_segment_threshold=1000.0)}


@pytest.mark.opening("revops_sent")  # approved, then `run_due`: no reply yet, nothing held
def test_a_play_whose_sender_the_guard_paused_waits_without_a_red_run(data_dir, instance, monkeypatch):
    resources = _guard_only(build_resources(environ_for(data_dir)), datetime(2026, 11, 20, 9, tzinfo=UTC))
    with resources["warehouse"].connect() as con:
        sent = con.execute("select contact_email, message_id from send_ledger where status = 'sent' and play = ? "
                           "qualify row_number() over (partition by segment order by send_key) = 1 "
                           "order by send_key limit 3", [REVOPS]).fetchall()
    assert len(sent) == 3, "three segments, one complaint each"
    box = mailbox.Maildir(resources["mailbox"].path, create=True)
    for contact, message_id in sent:
        box.add(complaint(contact, message_id, AFTER - timedelta(hours=1)))
    later = _guard_only(resources, AFTER)
    assert build_definitions(later).resolve_job_def("replies_job").execute_in_process(instance=instance).success
    with later["warehouse"].connect() as con:
        assert con.execute("select event, scope from monitor_pauses").fetchall() == [("pause", "mailbox")]

    _the_window_reads_what_the_whole_history_says(later, monkeypatch)

    monday = _guard_only(resources, MONDAY)
    defs = build_definitions(monday)
    schedule = defs.resolve_schedule_def("daily_outreach_revops_hiring")
    with dg.build_schedule_context(instance=instance, scheduled_execution_time=MONDAY, resources=monday) as context:
        tick = schedule(context)
    assert isinstance(tick, dg.SkipReason), "the schedule launched a run its guard would fail"
    assert "sending paused: mailbox sam@outreach.example" in tick.skip_message

    with dg.build_sensor_context(instance=instance, resources=monday, definitions=defs) as context:
        result = defs.resolve_sensor_def("outreach_sensor")(context)
    assert not [r for r in result.run_requests if r.tags.get("sdr/play") == REVOPS]
    [guard] = [e for e in result.asset_events
               if isinstance(e, dg.AssetCheckEvaluation) and e.asset_key == dg.AssetKey([REVOPS, "message_drafts"])]
    assert (guard.check_name, guard.passed, guard.severity) == ("deliverability_guard", False,
                                                                dg.AssetCheckSeverity.WARN)
    assert "complaints" in guard.metadata["reason"].value

    report = run_due(defs, instance)
    assert not report.failed, report.reasons
    assert "sending paused" in report.held[REVOPS]

    _a_held_play_has_no_sends_counted(monday, monkeypatch)


def _a_held_play_has_no_sends_counted(resources: dict, monkeypatch) -> None:
    """The guard holds only a play that could send otherwise: for one paused in its file the sends are
    not read, and it waits for its file; unpaused, the guard holds it again."""
    from sdr_assets import monitor_data
    from sdr_assets.play_state import play_states

    paths = resources["paths"]
    path = paths.plays / f"{REVOPS}.yaml"
    path.write_text(path.read_text() + "paused: true\n")
    with resources["warehouse"].connect(read_only=True) as con, monkeypatch.context() as patched:
        patched.setattr(monitor_data, "window_outcomes", lambda *_: pytest.fail("read the sends of a held play"))
        state = play_states(con, paths.plays, paths.mode, [REVOPS], policy=resources["policy"])[REVOPS]
    assert (state.status, state.holding_check) == ("paused", "play_approval_gate")
    path.write_text(path.read_text().replace("paused: true\n", ""))
    with resources["warehouse"].connect(read_only=True) as con:
        state = play_states(con, paths.plays, paths.mode, [REVOPS], policy=resources["policy"])[REVOPS]
    assert state.holding_check == "deliverability_guard" and "sending paused" in state.held


def _the_window_reads_what_the_whole_history_says(resources: dict, monkeypatch) -> None:
    """The sensors ask on every tick, so only the sends a window can count are read: its readings are
    the ones the whole history gives, and long after the last complaint nothing is read at all."""
    from sdr_assets import monitor_data
    from sdr_assets.domain.deliverability import window_readings
    from sdr_assets.guard_pauses import guard_pauses
    from sdr_assets.playbook import load_plays

    limits = resources["policy"].deliverability_limits()
    plays = load_plays(resources["paths"].plays).plays.values()
    with resources["warehouse"].connect() as con:
        whole = monitor_data.sends_with_verdicts(con)
        for now in (AFTER, AFTER + timedelta(days=13), AFTER + timedelta(days=15), AFTER + timedelta(days=40)):
            since = now - timedelta(days=limits.window_days)
            read = monitor_data.sends_with_verdicts(con, since)
            if now >= AFTER + timedelta(days=15):  # the sends are older than the window: their complaints' alone
                assert (read.height, whole.height) == (3, 16)
            def counted(sends, days=None):  # a mailbox with nothing in the window reads as healthy, or not at all
                return [r for r in window_readings(monitor_data.send_outcomes(sends), now, limits, days) if r.sends]
            assert counted(read, monitor_data.sending_days_before(con, since)) == counted(whole), now
        monkeypatch.setattr(monitor_data, "window_outcomes", lambda *_: pytest.fail("read the sends"))
        later = _guard_only(resources, AFTER + timedelta(days=40))["policy"]
        assert guard_pauses(con, plays, later) == {}
    monkeypatch.undo()
