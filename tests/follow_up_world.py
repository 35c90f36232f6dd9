"""A world whose first emails of a play went out (the ``series_b_sent`` opening), for tests of its
follow-ups: the play, the day its step 2 is due, running its jobs, reading the ledger, and a bounce
of a sent email."""

from __future__ import annotations

from datetime import datetime, timedelta
from email.utils import format_datetime

import dagster as dg
import pytest

from resources.defaults import build_resources
from sdr_assets.assembly import build_definitions
from sdr_assets.jobs import SIGNAL_ASSETS, TRIAGE_ASSETS
from sdr_assets.play_graph import job_name, play_graph, sends_keys
from tests.conftest import RUN_NOW
from tests.openings import require_opening

PLAY = "series-b-funding"
WINDOW = 21  # the play's max_age_days
FOLLOW_UP_DAY = datetime.fromisoformat(RUN_NOW) + timedelta(days=4)  # the play's step 2 delay
REBUILDS = pytest.mark.parametrize("full_refresh", [False, True], ids=["daily signals run", "full rebuild"])


def _read_here(job: str) -> list[dg.AssetKey]:
    """The assets of ``job`` these tests read: the signal assets and the play's drafts, not the other
    plays' drafts for review; triage and the monitor, not the reply analytics; the play's drafts
    through its sends and ledger, not its analytics (as `sdr run` leaves them to its last replies run)."""
    if job == "signals_job":
        return [*(dg.AssetKey(name) for name in SIGNAL_ASSETS), dg.AssetKey("message_drafts"),
                play_graph(PLAY).drafts.key]
    if job == "replies_job":
        return [dg.AssetKey(name) for name in TRIAGE_ASSETS]
    assert job == job_name(PLAY), job
    return sends_keys(PLAY)


def run(resources, instance, job: str, full_refresh: bool = False) -> None:
    """``job``, its assets these tests read (``_read_here``), rebuilt from everything stored where
    ``full_refresh``."""
    selection = _read_here(job)
    job_def = build_definitions(resources).resolve_job_def(job)
    ops = [n.name for n in job_def.get_subset(asset_selection=set(selection)).graph.nodes if full_refresh
           and "full_refresh" in getattr(n.definition.config_schema.as_field().config_type, "fields", {})]
    config = {"ops": {op: {"config": {"full_refresh": True}} for op in ops}} if ops else None
    assert job_def.execute_in_process(instance=instance, run_config=config, asset_selection=selection).success


def rows(resources, sql: str, params: list) -> list[tuple]:
    with resources["warehouse"].connect() as con:
        return con.execute(sql, params).fetchall()


def steps(resources, contacts: list[str]) -> list[tuple]:
    return rows(resources, "select contact_email, step, status from send_ledger where play = ? "
                            "and contact_email in (select unnest(?::varchar[])) order by 1, 2", [PLAY, contacts])


def begun(environ, day: datetime) -> list[str]:
    """Of the play's first emails sent on RUN_NOW (the ``series_b_sent`` opening), the contacts whose
    signal is past the window on ``day``."""
    return [email for (email,) in rows(
        build_resources(environ()), "select l.contact_email from send_ledger l join message_drafts d using (draft_id) "
        "join raw_signals s on s.signal_id = d.signal_id where l.play = ? and l.step = 1 "
        "and l.status = 'sent' and s.observed_at < ? order by 1",
        [PLAY, day - timedelta(days=WINDOW)])]


@pytest.fixture
def aged(request, environ) -> list[str]:
    """The contacts emailed whose signal is past the window on the day their follow-up is due; for a
    test marked with the ``series_b_sent`` opening or one going on from it."""
    require_opening(request, "series_b_sent", "series_b_hard_bounced")
    contacts = begun(environ, FOLLOW_UP_DAY)
    assert contacts, "the world has a contact emailed whose signal ages out before her follow-up is due"
    return contacts


def sent(resources, contact: str) -> dict:
    """The contact's first email of the play, as its ledger row."""
    with resources["warehouse"].connect() as con:
        cursor = con.execute("select * from send_ledger where play = ? and contact_email = ? and step = 1 "
                             "and status = 'sent'", [PLAY, contact])
        return dict(zip([c[0] for c in cursor.description], cursor.fetchone()))


def bounce(sent: dict, at: datetime, hard: bool) -> bytes:
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
