"""A play's outreach run on inputs its last run left unchanged, with nothing due, is not launched;
anything the run reads that moved launches it (``unchanged_outreach``).

A skip never sends: the gate and suppressions are re-read by every send step launched. What the tests
show is that a new approval, suppression or opt-out, a row the send step reads, a setting, a send left
unsettled or the clock reaching a moment that makes something due launches the run again.
"""

from __future__ import annotations

import os
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import dagster as dg
import duckdb
import pytest

from resources import clock
from resources.damage import WarehouseLocked
from resources.defaults import build_resources
from sdr_assets import optout_log, runner
from sdr_assets.assembly import build_definitions
from sdr_assets.play_graph import job_name
from sdr_assets.reply_intake import record_attempt
from sdr_assets.runner import RunReport, run_due, run_outreach
from sdr_assets.suppression import log_entry
from sdr_assets.unchanged_outreach import record_settled, valid_until
from tests.approving import approve
from tests.conftest import RUN_NOW

REVOPS = "revops-hiring"
JOB = job_name(REVOPS)


def _outreach(defs: dg.Definitions, instance: dg.DagsterInstance) -> tuple[RunReport, list[str]]:
    """``run_outreach`` as `sdr run` calls it: its report and the jobs of the runs it launched."""
    before = {run.run_id for run in instance.get_runs()}
    report = RunReport()
    run_outreach(defs, instance, report, analytics=False)
    assert not report.failed, report.reasons
    return report, [run.job_name for run in instance.get_runs() if run.run_id not in before]


def _settled(defs: dg.Definitions, instance: dg.DagsterInstance, after: str = "") -> None:
    """An outreach run that sends nothing new, then the proof that the next on the same inputs is skipped."""
    _outreach(defs, instance)
    report, launched = _outreach(defs, instance)
    assert launched == [] and report.unchanged == [JOB], \
        f"precondition: nothing left to do{' after ' + after if after else ''}"


def _later(environ, **settings: str) -> dg.Definitions:
    """The definitions with the clock ``minutes`` after the opening's run, and other ``settings``."""
    minutes = float(settings.pop("minutes", 0))
    now = datetime.fromisoformat(RUN_NOW) + timedelta(minutes=minutes)
    return build_definitions(build_resources(environ(SDR_NOW=now.isoformat(), **settings)))


def _execute(resources: dict, statement: str) -> None:
    with resources["warehouse"].connect() as con:
        con.execute(statement)


@pytest.mark.opening("revops_sent")
def test_a_run_that_changed_nothing_is_followed_by_none(defs, instance):
    """The second `sdr run` after the first emails went sends nothing new; the third launches nothing
    at all: no outreach run, and so no replies run to count what it did not change."""
    run_due(defs, instance)
    before = len(instance.get_runs())
    report = run_due(defs, instance)
    assert len(instance.get_runs()) == before and report.runs == []
    assert set(report.unchanged) == {"signals_job", "replies_job", JOB}


@pytest.mark.opening("revops_sent")
def test_the_replies_runs_rereading_the_mailbox_and_the_monitor_launch_no_outreach(environ, instance):
    """`sdr run` every twenty minutes: each replies run reads the mailbox again and, a quarter of an hour
    on, the monitor, rewriting when it read them and the monitor's time-weighted figures. No outreach
    step decides on those, so once a run wrote nothing the next ones launch no outreach run."""
    run_due(_later(environ), instance)
    for minutes in (20, 40):
        report = run_due(_later(environ, minutes=minutes), instance)
        assert "replies_job" in [job for job, _, _ in report.runs], "precondition: the monitor read again"
        assert JOB in report.unchanged, f"{minutes} minutes on"


@pytest.mark.opening("revops_ready")
def test_a_run_that_sent_is_followed_by_another_and_a_capped_send_by_the_next_day(environ, instance):
    """A run that sent records nothing: the next on the same inputs is launched; the one after it is
    not. The emails today's cap held back are due tomorrow, at midnight."""
    capped = _later(environ, SDR_MAILBOX_DAILY_CAP="3")
    assert _outreach(capped, instance)[1] == [JOB]
    assert _outreach(capped, instance)[1] == [JOB], "the run after one that sent is launched"
    assert _outreach(capped, instance)[1] == []
    assert _outreach(_later(environ, SDR_MAILBOX_DAILY_CAP="3", minutes=15 * 60), instance)[1] == [JOB]


@pytest.mark.opening("revops_sent")
def test_an_approval_of_a_held_play_launches_its_run(defs, resources, instance):
    _settled(defs, instance)
    approve(resources, "series-b-funding")
    launched = _outreach(build_definitions(resources), instance)[1]
    assert job_name("series-b-funding") in launched


def _approved_again(resources: dict) -> None:
    approve(resources, REVOPS, by="Sam Okafor", note="read the new samples")


def _suppression_entered(resources: dict) -> None:
    log_entry(resources["paths"].data_dir, "@blocked.example", "Dana Whitfield", "asked by phone",
              resources["policy"].now())


def _optout_clicked(resources: dict) -> None:
    with resources["warehouse"].connect() as con:
        key, address = con.execute("select send_key, contact_email from send_ledger where status = 'sent' "
                                   "order by send_key limit 1").fetchone()
    optout_log.append(resources["paths"].data_dir, key, address, resources["policy"].now())


def _hold_recorded(resources: dict) -> None:
    """A reply's hold, classification or suppression event, as triage records them."""
    with resources["warehouse"].connect() as con:
        email = con.execute("select contact_email from send_ledger where status = 'sent' limit 1").fetchone()[0]
        con.execute("insert into sequence_holds (email, hold, until, reason) values (?, 'stop', null, 'replied')",
                    [email])


def _send_left_unsettled(resources: dict) -> None:
    """A claim a crash left ``sending``: the run settles it from the outbox."""
    _execute(resources, "update send_ledger set status = 'sending' where send_key = "
                        "(select min(send_key) from send_ledger where status = 'sent')")


def _rewritten_keeping_size_and_time(resources: dict) -> None:
    """The suppression entry ``_suppression_entered`` wrote, edited in place, its modification time set back
    (``touch -r``)."""
    entries = next(p for p in Path(resources["paths"].data_dir).rglob("*") if p.is_file()
                   and b"@blocked.example" in p.read_bytes())
    kept = entries.stat()
    time.sleep(0.05)  # past the file system's clock tick, so the status change time moves
    entries.write_bytes(entries.read_bytes().replace(b"@blocked.example", b"@blocker.example"))
    os.utime(entries, ns=(kept.st_atime_ns, kept.st_mtime_ns))
    assert (entries.stat().st_size, entries.stat().st_mtime_ns) == (kept.st_size, kept.st_mtime_ns)


@pytest.mark.opening("revops_sent")
def test_a_decision_suppression_opt_out_hold_unsettled_send_or_setting_launches_the_run(defs, environ, resources,
                                                                                        instance):
    """Each in turn, settled again before each: one settled world serves them all. Last, a send
    setting changed."""
    before = ""
    for change in (_approved_again, _suppression_entered, _optout_clicked, _hold_recorded, _send_left_unsettled,
                   _rewritten_keeping_size_and_time):
        _settled(defs, instance, before)
        change(resources)
        assert _outreach(defs, instance)[1] == [JOB], change.__name__
        if change is _send_left_unsettled:
            with resources["warehouse"].connect() as con:
                assert con.execute("select count(*) from send_ledger where status = 'sending'").fetchone()[0] == 0, \
                    "the run it launched settled the unsettled send from the outbox"
        before = change.__name__
    _settled(defs, instance, before)
    assert _outreach(_later(environ, SDR_MAILBOX_DAILY_CAP="7"), instance)[1] == [JOB]


@pytest.mark.opening("revops_sent")
def test_a_row_the_run_reads_that_moved_launches_it(defs, resources, instance):
    """Each table in turn, settled again before each: one settled world serves them all."""
    for table in ("qualified_signals", "enriched_accounts", "research_angles", "message_drafts",
                  "linkedin_tasks", "play_versions", "raw_signals"):
        _settled(defs, instance)
        _execute(resources, f"delete from {table} where rowid = (select max(rowid) from {table})")
        assert _outreach(defs, instance)[1] == [JOB], table


@pytest.mark.opening("revops_sent")
def test_a_failed_read_of_the_mailbox_launches_the_run(defs, resources, instance):
    """Of the mailbox's reads only their times are left out: a read that failed (opt-outs may wait
    unread) launches the run, which stops sending and says why."""
    _settled(defs, instance)
    with resources["warehouse"].connect() as con:
        record_attempt(con, "MaildirMailbox", resources["policy"].now(), error="connection refused")
    report = RunReport()
    run_outreach(defs, instance, report, analytics=False)
    assert report.runs == [(JOB, REVOPS, False)] and "could not be read" in report.reasons[(JOB, REVOPS)]


@pytest.mark.opening("revops_sent")
def test_the_clock_launches_the_run_where_it_makes_something_due(defs, environ, instance):
    """The first emails went at 09:00: a follow-up of whole days falls due from 21:00 (``LEEWAY``), and
    caps, warm-up, holds' dates and signals' ages turn at midnight."""
    _settled(defs, instance)
    assert _outreach(_later(environ, minutes=60), instance)[1] == [], "nothing turns at 10:00"
    assert _outreach(_later(environ, minutes=12 * 60 + 1), instance)[1] == [JOB]
    assert _outreach(_later(environ, minutes=12 * 60 + 2), instance)[1] == []
    assert _outreach(_later(environ, minutes=15 * 60 + 1), instance)[1] == [JOB], "past midnight"


def test_the_mark_holds_until_midnight_or_the_next_turn_of_the_clock():
    now = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)
    hour = 3_600_000_000
    assert valid_until(now, []) == datetime(2026, 11, 21, tzinfo=UTC)
    assert valid_until(now, [21 * hour]) == datetime(2026, 11, 20, 21, tzinfo=UTC)
    assert valid_until(now, [9 * hour]) == datetime(2026, 11, 21, tzinfo=UTC), "a turn at now is past"
    assert valid_until(now, [8 * hour, 9 * hour + 1]) == now + timedelta(microseconds=1)


@pytest.mark.opening("revops_sent")
def test_a_warehouse_held_after_the_run_records_it_and_remembers_nothing(defs, environ, resources, instance,
                                                                         monkeypatch):
    """Another process holding the warehouse when the run's result would be remembered: the run is
    reported and `sdr run` goes on; the next run on the same inputs is launched again."""
    _settled(defs, instance)
    capped = _later(environ, SDR_MAILBOX_DAILY_CAP="7")
    warehouse = type(resources["warehouse"])
    opened = warehouse.connect

    def held_for_writes(self, read_only: bool = False):
        if not read_only:
            raise WarehouseLocked("held", "process 1", 1)
        return opened(self, read_only=True)

    executed = runner._execute

    def then_held(*args, **kwargs):
        result = executed(*args, **kwargs)
        monkeypatch.setattr(warehouse, "connect", held_for_writes)
        return result

    monkeypatch.setattr(runner, "_execute", then_held)
    report, launched = _outreach(capped, instance)
    assert launched == [JOB] and report.runs == [(JOB, REVOPS, True)]
    monkeypatch.undo()
    assert _outreach(capped, instance)[1] == [JOB], "nothing was remembered"


@pytest.mark.opening("revops_sent")
def test_the_mark_holds_from_the_clock_read_before_the_run(environ, instance, monkeypatch):
    """A run planned at 20:59 whose result is remembered at 21:01, past the follow-ups' turn at 21:00:
    the mark holds until 21:00, so a run at 21:02 is launched."""
    before_turn = _later(environ, SDR_MAILBOX_DAILY_CAP="7", minutes=12 * 60 - 1)
    past_turn = datetime.fromisoformat(RUN_NOW) + timedelta(minutes=12 * 60 + 1)
    executed = runner._execute

    def then_the_clock_moves(*args, **kwargs):
        result = executed(*args, **kwargs)
        monkeypatch.setattr(clock, "now", lambda pinned=None: past_turn)
        return result

    monkeypatch.setattr(runner, "_execute", then_the_clock_moves)
    assert _outreach(before_turn, instance)[1] == [JOB]
    monkeypatch.undo()
    assert _outreach(before_turn, instance)[1] == [], "precondition: the run that wrote nothing was remembered"
    assert _outreach(_later(environ, SDR_MAILBOX_DAILY_CAP="7", minutes=12 * 60 + 2), instance)[1] == [JOB]


def test_only_rows_that_can_still_turn_something_bound_the_mark():
    """Messages sent long ago and deferrals that faded turn nothing any more: the mark recorded at
    09:00 holds until 15:00, the turn of yesterday's message, not until 11:00 or 12:30. Where no
    play's delays are recorded every message counts."""
    con = duckdb.connect()
    con.execute("set TimeZone = 'UTC'")
    con.execute("create table send_ledger (sent_at timestamptz)")
    con.execute("insert into send_ledger values ('2026-11-19 15:00:00+00'), ('2026-05-01 12:30:00+00')")
    con.execute("create table send_deferrals (last_at timestamptz)")
    con.execute("insert into send_deferrals values ('2026-11-19 20:00:00+00'), ('2026-11-01 11:00:00+00')")
    con.execute("create table play_version_history (content varchar)")
    con.execute("""insert into play_version_history values ('{"sequence": [{"delay_days": 0}, {"delay_days": 4}]}')""")
    now = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)

    def mark_holds_until() -> datetime:
        record_settled(con, REVOPS, "inputs", now)
        return con.execute("select valid_until from layer_marks").fetchone()[0]

    assert mark_holds_until() == datetime(2026, 11, 20, 15, tzinfo=UTC)
    con.execute("drop table play_version_history")
    assert mark_holds_until() == datetime(2026, 11, 20, 12, 30, tzinfo=UTC)
