"""A replies run on unchanged inputs is not launched; whatever a step reads that moved launches it.

Each step of ``replies_job`` tests its own inputs first (``unchanged_replies``): asked before the run,
an unchanged re-run costs no Dagster run, while a new reply, an opt-out, a person's action or time
passing where a step counts by the clock launches the whole run, whose tables then change.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from email.message import EmailMessage

import dagster as dg
import polars as pl
import pytest

from resources.defaults import build_resources
from sdr_assets.assembly import build_definitions
from sdr_assets import optout_log
from sdr_assets.replies import holds_unchanged
from sdr_assets.tasks import excluded_contacts
from sdr_assets.unchanged_replies import due_replies
from sdr_assets.runner import RunReport, run_due, run_replies, run_signals
from sdr_assets.suppression import log_entry
from tests.approving import approve
from tests.conftest import RUN_NOW
from tests.monitor_world import REVOPS, deliver, not_interested_reply, query_warehouse, sent_messages
from sensors.replies import reply_mailbox_sensor
from tests.send_world import out_of_office


SERIES_B = "series-b-funding"


def _replies(defs: dg.Definitions, instance: dg.DagsterInstance, analytics: bool = True
             ) -> tuple[RunReport, list[dg.DagsterRun]]:
    """``run_replies`` once: its report and the runs it launched."""
    before = {run.run_id for run in instance.get_runs()}
    report = RunReport()
    run_replies(defs, instance, report, analytics)
    return report, [run for run in instance.get_runs() if run.run_id not in before]


@pytest.mark.opening("revops_sent")
def test_an_unchanged_rerun_launches_no_replies_run(defs, instance):
    _replies(defs, instance)
    report, launched = _replies(defs, instance)
    assert not launched and not report.runs and report.unchanged == ["replies_job"]


def _settled(defs: dg.Definitions, instance: dg.DagsterInstance) -> None:
    """A replies run, then the proof that a second on the same inputs launches nothing."""
    _replies(defs, instance)
    report, launched = _replies(defs, instance)
    assert not launched and report.unchanged == ["replies_job"], "precondition: nothing left to do"


def _answer(send, text: str) -> bytes:
    """A reply from the contact of ``send`` (a row of ``sent_messages``) saying ``text``."""
    _, message_id, contact, sender, subject, _ = send
    msg = EmailMessage()
    msg["From"], msg["To"], msg["Subject"] = contact, sender, f"Re: {subject}"
    msg["Date"], msg["Message-ID"] = "Fri, 20 Nov 2026 08:30:00 +0000", f"<re-{message_id.strip('<>')}>"
    msg["In-Reply-To"] = msg["References"] = message_id
    msg.set_content(text + "\n")
    return bytes(msg)


def _later(environ, minutes: int) -> dg.Definitions:
    """The definitions with the clock ``minutes`` after the opening's run."""
    now = datetime.fromisoformat(RUN_NOW) + timedelta(minutes=minutes)
    return build_definitions(build_resources(environ(SDR_NOW=now.isoformat())))


@pytest.mark.opening("revops_sent")
def test_a_new_reply_or_a_suppression_entered_launches_the_run(defs, resources, instance):
    """Each on the same world, settled again before each."""
    _settled(defs, instance)
    deliver(resources, [not_interested_reply(sent_messages(resources, REVOPS)[0])])
    report, [run] = _replies(defs, instance)
    assert report.runs == [("replies_job", "", True)] and not report.unchanged
    assert query_warehouse(resources, "select count(*) from reply_classifications where label = 'not_interested'") \
        == [(1,)]

    _settled(defs, instance)
    log_entry(resources["paths"].data_dir, "@blocked.example", "Dana Whitfield", "asked by phone",
              resources["policy"].now())
    report, [run] = _replies(defs, instance)
    assert report.runs == [("replies_job", "", True)]
    assert query_warehouse(resources, "select email from suppression_list where email = '@blocked.example'") \
        == [("@blocked.example",)]


def _mailbox_tick(resources: dict, instance: dg.DagsterInstance) -> list[dg.RunRequest]:
    """The runs the reply sensor asks for now."""
    sensor_resources = {name: resources[name] for name in ("mailbox", "warehouse", "policy")}
    with dg.build_sensor_context(instance=instance, resources=sensor_resources) as context:
        result = reply_mailbox_sensor(context)
    return [] if isinstance(result, dg.SkipReason) else list(result.run_requests)


@pytest.mark.opening("revops_sent")
def test_the_reply_sensor_asks_for_a_run_only_when_the_skip_would_launch_it(defs, resources, instance):
    """The sensor asks only for mail past the position a replies run stored and not stored by one:
    mail the replies-side skip sees as new too, so a run it asks for is never one the skip would spare.
    Once a run read the reply in, neither asks again."""
    _settled(defs, instance)
    assert _mailbox_tick(resources, instance) == [] and due_replies(defs, None) == []
    deliver(resources, [not_interested_reply(sent_messages(resources, REVOPS)[0])])
    [request] = _mailbox_tick(resources, instance)
    assert due_replies(defs, None) is None, "the skip launches the whole run too"
    assert defs.resolve_job_def("replies_job").execute_in_process(instance=instance, tags=request.tags).success
    assert _mailbox_tick(resources, instance) == [] and due_replies(defs, None) == []


@pytest.mark.opening("revops_sent")
def test_an_optout_log_rewritten_in_place_at_its_size_launches_the_run(defs, resources, instance):
    """A click line replaced by another as long (a log restored over the file from another copy): the
    size, inode, first and last lines are those ingested, and the new click is suppressed."""
    data_dir = resources["paths"].data_dir
    for key, address in (("k1", "ann@acme.example"), ("k2", "bob@acme.example"), ("k3", "cat@acme.example")):
        optout_log.append(data_dir, key, address, resources["policy"].now())
    _settled(defs, instance)
    log = optout_log.log_path(data_dir)
    lines = log.read_bytes().splitlines(keepends=True)
    lines[1] = lines[1].replace(b"bob@", b"dan@").replace(optout_log.optout_id("k2", "bob@acme.example").encode(),
                                                          optout_log.optout_id("k2", "dan@acme.example").encode())
    with open(log, "r+b") as fh:
        fh.write(b"".join(lines))
    report, [run] = _replies(defs, instance)
    assert report.runs == [("replies_job", "", True)]
    assert query_warehouse(resources, "select email from suppression_list where email = 'dan@acme.example'") \
        == [("dan@acme.example",)]


@pytest.mark.opening("revops_sent")
def test_the_monitor_reads_again_a_quarter_of_an_hour_on(defs, instance, environ, resources):
    _settled(defs, instance)
    assert _replies(_later(environ, 10), instance)[1] == [], "nothing counts ten minutes: no run"
    report, [run] = _replies(_later(environ, 16), instance)
    assert report.runs == [("replies_job", "", True)]
    assert query_warehouse(resources, "select distinct read_at from monitor_readings") == [
        (datetime.fromisoformat(RUN_NOW) + timedelta(minutes=16),)]


@pytest.mark.opening("revops_sent")
def test_a_conversation_waiting_moves_the_queue_with_the_clock(defs, resources, instance, environ):
    """Its waiting time is in the queue's CSV and the service-level check's report: ten minutes on (the
    monitor's reading still holds) the run is launched, and past the service level the check fails."""
    deliver(resources, [_answer(sent_messages(resources, REVOPS)[0], "Yes, this is timely. Can we talk next week?")])
    _settled(defs, instance)
    csv_path = resources["paths"].exports / "escalations.csv"
    before = csv_path.read_text()
    report, [run] = _replies(_later(environ, 10), instance)
    assert report.runs == [("replies_job", "", True)] and csv_path.read_text() != before
    report, [run] = _replies(_later(environ, 6 * 60), instance)
    (evaluation,) = [e.dagster_event.asset_check_evaluation_data for e in instance.all_logs(run.run_id)
                     if e.dagster_event and e.dagster_event.event_type_value == "ASSET_CHECK_EVALUATION"]
    assert evaluation.check_name == "escalation_sla" and not evaluation.passed


@pytest.mark.opening("revops_sent")
def test_a_holds_return_date_passing_lifts_it_at_send_time_with_no_replies_run_owed(defs, resources, instance,
                                                                                    environ):
    """An out-of-office reply pauses her sequence until the day after her return (7 December). The
    stored hold keeps that date whatever the clock says, so its passing changes no table and owes no
    replies run (the holds' own test holds across it); the send step compares the date with its day
    and mails her again from 8 December."""
    send = sent_messages(resources, REVOPS)[0]
    contact = send[2]
    deliver(resources, [out_of_office(contact, send[1], datetime.fromisoformat(RUN_NOW))])
    _settled(defs, instance)
    held = "select hold, until from sequence_holds where email = ?"
    assert query_warehouse(resources, held, [contact]) == [("pause", date(2026, 12, 8))]
    days = timedelta(days=1) // timedelta(minutes=1)
    for elapsed, excluded in ((17, {contact: "held: out of office"}), (19, {})):
        later = _later(environ, elapsed * days)
        now = later.resources["policy"].now()
        with later.resources["warehouse"].connect() as con:
            assert holds_unchanged(con, now)
            assert excluded_contacts(con, str(resources["paths"].data_dir), {contact}, now) == excluded
    _replies(_later(environ, 19 * days), instance)
    assert query_warehouse(resources, held, [contact]) == [("pause", date(2026, 12, 8))], "a run writes the same"


@pytest.mark.opening("revops_sent")
def test_sdr_run_says_the_replies_run_was_not_launched(defs, instance):
    run_due(defs, instance)
    said: list[str] = []
    report = run_due(defs, instance, said.append)
    assert "replies: every step's inputs as it left them, no run launched" in said
    assert all(job != "replies_job" for job, _, _ in report.runs) and "replies_job" in report.unchanged


@pytest.mark.opening("revops_paused")  # its notice recorded undeliverable: the owner has no address
def test_an_address_to_tell_a_pause_launches_the_run(defs, instance, environ):
    _settled(defs, instance)
    team = build_resources(environ(SDR_NOTIFY_ADDRESS="sdr-team@team.example"))
    report, [run] = _replies(build_definitions(team), instance)
    assert report.runs == [("replies_job", "", True)]
    assert query_warehouse(team, "select event from pause_notices where recipient = 'sdr-team@team.example' "
                                 "order by seq limit 1") == [("claim",)]


@pytest.mark.opening("revops_sent")
def test_a_table_the_signals_run_refreshed_has_the_snapshot_copy_it_alone(defs, resources, instance):
    """A decision moves ``play_versions`` only in the signals run after it: triage and the counts stand."""
    approve(resources, SERIES_B)
    _settled(defs, instance)
    run_signals(defs, instance, RunReport())
    copy = resources["paths"].exports / "play_versions.parquet"
    assert pl.read_parquet(copy).filter(pl.col("play") == SERIES_B)["status"].to_list() != ["approved"]
    report, [run] = _replies(defs, instance)
    assert report.runs == [("replies_job", "", True)]
    assert run.asset_selection == {dg.AssetKey("analytics_snapshot")}
    assert pl.read_parquet(copy).filter(pl.col("play") == SERIES_B)["status"].to_list() == ["approved"]
