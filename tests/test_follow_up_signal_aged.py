"""A sequence begun goes on to its follow-ups after its signal ages out of the play's trigger window.

The play's trigger window (``max_age_days``) chooses whom a play starts a conversation with; it
never holds back a follow-up (``domain/timeliness``). Yet a signals run on a later day, the
daily one or a rebuild (``full_refresh``), qualified the signals again: a signal past its window
left ``qualified_signals``, so its account left the research and the play's drafts, its
follow-ups with them, and a prospect got step 1 and never step 2. Research of a sequence under way
is now kept (``begun_sequences``); a first email whose signal aged out still never goes."""

from __future__ import annotations

import mailbox
from datetime import datetime, timedelta
from email.utils import format_datetime

import pytest

from resources.defaults import build_resources
from sdr_assets import optout_log
from sdr_assets.assembly import build_definitions
from sdr_assets.play_graph import job_name
from sdr_assets.suppression import log_entry
from tests.approving import approve
from tests.conftest import RUN_NOW
from tests.replies import reply_to

PLAY = "series-b-funding"
WINDOW = 21  # the play's max_age_days
FOLLOW_UP_DAY = datetime.fromisoformat(RUN_NOW) + timedelta(days=4)  # the play's step 2 delay
REBUILDS = pytest.mark.parametrize("full_refresh", [False, True], ids=["daily signals run", "full rebuild"])


def _run(resources, instance, job: str, full_refresh: bool = False) -> None:
    job_def = build_definitions(resources).resolve_job_def(job)
    ops = [n.name for n in job_def.graph.nodes if full_refresh
           and "full_refresh" in getattr(n.definition.config_schema.as_field().config_type, "fields", {})]
    config = {"ops": {op: {"config": {"full_refresh": True}} for op in ops}} if ops else None
    assert job_def.execute_in_process(instance=instance, run_config=config).success


def _rows(resources, sql: str, params: list) -> list[tuple]:
    with resources["warehouse"].connect() as con:
        return con.execute(sql, params).fetchall()


def _steps(resources, contacts: list[str]) -> list[tuple]:
    return _rows(resources, "select contact_email, step, status from send_ledger where play = ? "
                            "and contact_email in (select unnest(?::varchar[])) order by 1, 2", [PLAY, contacts])


def _begun(environ, instance, day: datetime) -> list[str]:
    """The play's first emails sent on RUN_NOW; the contacts among them whose signal is past the
    window on ``day``."""
    first = build_resources(environ())
    _run(first, instance, "signals_job")
    approve(first, PLAY)
    _run(first, instance, job_name(PLAY))
    return [email for (email,) in _rows(
        first, "select l.contact_email from send_ledger l join message_drafts d using (draft_id) "
               "join raw_signals s on s.signal_id = d.signal_id where l.play = ? and l.step = 1 "
               "and l.status = 'sent' and s.observed_at < ? order by 1",
        [PLAY, day - timedelta(days=WINDOW)])]


@pytest.fixture
def aged(environ, instance) -> list[str]:
    """The contacts emailed whose signal is past the window on the day their follow-up is due."""
    contacts = _begun(environ, instance, FOLLOW_UP_DAY)
    assert contacts, "the world has a contact emailed whose signal ages out before her follow-up is due"
    return contacts


@REBUILDS
def test_a_follow_up_goes_on_after_its_signal_leaves_the_trigger_window(aged, environ, instance, full_refresh):
    later = build_resources(environ(SDR_NOW=FOLLOW_UP_DAY.isoformat()))
    _run(later, instance, "signals_job", full_refresh)
    assert not _rows(later, "select * from qualified_signals q join research_angles a using (play, signal_id) "
                            "where q.play = ? and a.contact_email in (select unnest(?::varchar[]))", [PLAY, aged]), \
        "her signal no longer qualifies: no new conversation starts on it"
    _run(later, instance, job_name(PLAY))
    steps = _steps(later, aged)
    assert steps == [(email, step, "sent") for email in aged for step in (1, 2)], steps


@REBUILDS
def test_a_stop_still_ends_a_sequence_whose_research_is_kept(aged, environ, instance, full_refresh):
    later = build_resources(environ(SDR_NOW=FOLLOW_UP_DAY.isoformat()))
    optout_log.append(later["paths"].data_dir, _sent(later, aged[0])["send_key"], aged[0], FOLLOW_UP_DAY)
    _run(later, instance, "signals_job", full_refresh)
    _run(later, instance, job_name(PLAY))
    assert _steps(later, aged[:1]) == [(aged[0], 1, "sent")], "the stop ended it: no research, no follow-up"


def test_a_held_first_email_whose_signal_aged_out_is_not_sent_after_a_rebuild(environ, instance):
    """A first email held past the window stays unsent across a full rebuild: no research is kept for
    a sequence that never began."""
    _run(build_resources(environ()), instance, "signals_job")
    late = datetime.fromisoformat(RUN_NOW) + timedelta(days=19)
    later = build_resources(environ(SDR_NOW=late.isoformat()))
    approve(later, PLAY)
    _run(later, instance, job_name(PLAY))
    held = [e for (e,) in _rows(later, "select contact_email from send_ledger where play = ? and status = 'held' "
                                       "and reason like '%trigger window%'", [PLAY])]
    assert held, "the first emails past the window wait"
    _run(later, instance, "signals_job", full_refresh=True)
    _run(later, instance, job_name(PLAY))
    assert _steps(later, held) == [(email, 1, "held") for email in sorted(held)]
    assert not _rows(later, "select * from research_angles where play = ? and contact_email in "
                            "(select unnest(?::varchar[]))", [PLAY, held])


def _sent(resources, contact: str) -> dict:
    """The contact's first email of the play, as its ledger row."""
    with resources["warehouse"].connect() as con:
        cursor = con.execute("select * from send_ledger where play = ? and contact_email = ? and step = 1 "
                             "and status = 'sent'", [PLAY, contact])
        return dict(zip([c[0] for c in cursor.description], cursor.fetchone()))


def _bounce(sent: dict, at: datetime, hard: bool) -> bytes:
    """A delivery status notification for a first email: a hard bounce, or a soft one to retry."""
    status, said = ("5.1.1", "550 5.1.1 user unknown") if hard else ("4.2.2", "452 4.2.2 mailbox full")
    return (f"From: MAILER-DAEMON@mx.example\r\nTo: {sent['mailbox']}\r\nSubject: Undelivered Mail\r\n"
            f"Date: {format_datetime(at)}\r\nMessage-ID: <b-{sent['send_key']}@mx.example>\r\nMIME-Version: 1.0\r\n"
            'Content-Type: multipart/report; report-type=delivery-status; boundary="B"\r\n\r\n'
            "--B\r\nContent-Type: text/plain\r\n\r\nYour message could not be delivered.\r\n"
            "--B\r\nContent-Type: message/delivery-status\r\n\r\nReporting-MTA: dns; mx.example\r\n\r\n"
            f"Final-Recipient: rfc822; {sent['contact_email']}\r\nAction: failed\r\n"
            f"Status: {status}\r\nDiagnostic-Code: smtp; {said}\r\n\r\n"
            "--B\r\nContent-Type: text/rfc822-headers\r\n\r\n"
            f"Message-ID: {sent['message_id']}\r\nX-SDR-Send-Key: {sent['send_key']}\r\n--B--\r\n").encode()


@REBUILDS
def test_a_stopped_sequence_keeps_no_research_and_a_paused_one_keeps_it(environ, instance, full_refresh):
    """A stop ends a sequence for good, so its follow-ups never get a ledger row: its research was kept
    (its drafts too, counted and listed as under way) on every later run. A pause only waits, and so
    do a person's suppression entry and a hard bounce, which a person may lift."""
    day = datetime.fromisoformat(RUN_NOW) + timedelta(days=19)
    aged = _begun(environ, instance, day)
    assert len(aged) >= 6, "a contact for each way a sequence is stopped or paused"
    replied, unsubscribed, bounced, entered, away, soft = aged[:6]
    at = day - timedelta(days=1)
    later = build_resources(environ(SDR_NOW=day.isoformat()))
    box = mailbox.Maildir(later["mailbox"].path, create=True)
    box.add(reply_to(_sent(later, replied), "Thanks, timing is good. Can we talk Tuesday at 2pm?", at))
    box.add(reply_to(_sent(later, unsubscribed), "Please remove me from your mailing list.", at))
    box.add(_bounce(_sent(later, bounced), at, hard=True))
    box.add(reply_to(_sent(later, away), "I am out of the office until 30 December 2026 with limited access.",
                     at, Auto_Submitted="auto-replied", X_Autoreply="yes"))
    box.add(_bounce(_sent(later, soft), at, hard=False))
    log_entry(later["paths"].data_dir, entered, "Dana Whitfield", "asked by phone", day)
    _run(later, instance, "replies_job")
    with later["warehouse"].connect() as con:
        holds = dict(con.execute("select email, hold from sequence_holds").fetchall())
    assert (holds.get(away), holds.get(soft), holds.get(replied)) == ("pause", "pause", "stop"), holds
    _run(later, instance, "signals_job", full_refresh)
    researched = {e for (e,) in _rows(later, "select contact_email from research_angles where play = ? and "
                                             "contact_email in (select unnest(?::varchar[]))", [PLAY, aged[:6]])}
    assert researched == {bounced, away, soft, entered}
