"""End to end: send, opt out (by link or by mail), and the next runs send nothing more to that address.

The link case runs the real `sdr serve` in a subprocess while another process holds the warehouse
lock, stops the service mid-way, and checks the send step honours the click from the log alone
before any ingestion, then after a whole run (`sdr run`'s ``run_due``) has ingested it.
"""

import mailbox
from collections import Counter
import signal
import subprocess
import sys
import time
from datetime import datetime, timedelta
from email.message import EmailMessage
from email.utils import format_datetime

import httpx
import pytest

from resources.defaults import build_resources
from resources.secret import load_secret
from sdr_assets.assembly import build_definitions
from sdr_assets.domain.route_probe import probe_message
from sdr_assets.domain.unsubscribe import unsubscribe_link, unsubscribe_mailto, unsubscribe_token
from sdr_assets.runner import RunReport, run_due, run_outreach
from tests.optouts.test_send_step import recipients
from tests.serve_process import start_serve

pytestmark = pytest.mark.e2e  # real `sdr` processes: few, slow on purpose

HOLD_LOCK = "import duckdb, sys, time; c = duckdb.connect(sys.argv[1]); print('locked', flush=True); time.sleep(600)"


def _start(environ):
    """The rows of the first emails both plays of the test's opening sent."""
    resources = build_resources(environ())
    with resources["warehouse"].connect() as con:
        cursor = con.execute("select * from send_ledger where status = 'sent' and step = 1 order by send_key")
        columns = [c[0] for c in cursor.description]
        sent = [dict(zip(columns, row)) for row in cursor.fetchall()]
    return resources, sent


def _later(environ, days: int) -> dict:
    return environ(SDR_NOW=(datetime.fromisoformat(environ()["SDR_NOW"]) + timedelta(days=days)).isoformat())


def _outbox(resources) -> Counter:
    return Counter(recipients(resources["mail"].path))


def _mailed_after(resources, before: Counter) -> set[str]:
    """Addresses that received a message since ``before`` (maildir order is not send order)."""
    return set(_outbox(resources) - before)


@pytest.mark.opening("two_plays_sent")
def test_a_click_while_the_warehouse_is_locked_and_the_service_stopped_is_honoured(environ, instance, data_dir):
    resources, sent = _start(environ)
    jane = sent[0]
    # The holder and the service start side by side: neither waits for the other's interpreter to start.
    holder = subprocess.Popen([sys.executable, "-c", HOLD_LOCK, resources["warehouse"].path], stdout=subprocess.PIPE,
                              text=True)
    try:
        server, base = start_serve(data_dir, **environ())
    except BaseException:
        holder.kill()
        holder.wait()
        holder.stdout.close()
        raise
    try:
        assert holder.stdout.readline().strip() == "locked"
        token = unsubscribe_token(load_secret(data_dir), jane["send_key"], jane["contact_email"])
        url = unsubscribe_link(base, token)
        deadline = time.monotonic() + 20
        while True:
            try:
                response = httpx.post(url, data={"List-Unsubscribe": "One-Click"}, timeout=5)
                break
            except httpx.ConnectError:
                assert time.monotonic() < deadline
                time.sleep(0.1)
        assert response.status_code == 200, "recorded while another process holds the warehouse"
    finally:
        server.send_signal(signal.SIGTERM)  # the service stops mid-way (uvicorn re-raises the signal)
        assert server.wait(20) in (0, -signal.SIGTERM)
        holder.kill()
        holder.wait()
        server.stdout.close()
        holder.stdout.close()
    before = _outbox(resources)

    # The daemon is down: nothing ingested the click, and the send step still refuses her.
    report = RunReport()
    later = build_resources(_later(environ, 6))
    run_outreach(build_definitions(later), instance, report)
    assert not report.failed
    assert _mailed_after(resources, before) and jane["contact_email"] not in _mailed_after(resources, before)
    with resources["warehouse"].connect() as con:
        assert con.execute("select count(*) from suppression_events where target = ?",
                           [jane["contact_email"]]).fetchone()[0] == 0

    # A whole run later ingests it; she stays refused in every play, on every step.
    run = run_due(build_definitions(build_resources(_later(environ, 12))), instance)
    assert not run.failed, run.reasons
    assert jane["contact_email"] not in _mailed_after(resources, before)
    with resources["warehouse"].connect() as con:
        listed = con.execute("select reason from suppression_list where email = ?", [jane["contact_email"]]).fetchall()
        refused = con.execute("select distinct play, status, reason from send_ledger where contact_email = ? "
                              "and step > 1", [jane["contact_email"]]).fetchall()
    assert listed == [("unsubscribe_link",)]
    assert refused and all(status == "suppressed" for _, status, _ in refused)


def _mail(resources, sender: str, subject: str, body: str, **headers: str) -> None:
    msg = EmailMessage()
    msg["From"] = sender
    msg["To"] = headers.pop("To", "sam@outreach.example")
    msg["Subject"] = subject
    msg["Date"] = format_datetime(datetime.fromisoformat("2026-11-20T15:00:00+00:00"))
    msg["Message-ID"] = f"<{abs(hash((sender, subject, body)))}@mail.example>"
    for name, value in headers.items():
        msg[name.replace("_", "-")] = value
    msg.set_content(body)
    mailbox.Maildir(resources["mailbox"].path, create=True).add(msg)


@pytest.mark.opening("two_plays_sent")
def test_opt_outs_by_mail_are_honoured_and_a_forged_one_goes_to_a_person(environ, instance, data_dir):
    resources, sent = _start(environ)
    jane, ann, bob = sent[0], sent[1], sent[2]
    token = unsubscribe_token(load_secret(data_dir), jane["send_key"], jane["contact_email"])
    mailto = unsubscribe_mailto("outreach.example", token)
    # Jane uses the List-Unsubscribe mailto: her client writes from another address of hers.
    _mail(resources, "jane.private@home.example", "unsubscribe " + token, "",
          To=mailto.removeprefix("mailto:").split("?")[0])
    # Ann writes a new message, not a reply, from her own address.
    _mail(resources, ann["contact_email"].upper(), "Please", "Stop emailing me, thanks.")
    # A stranger forges a reply to Bob's message asking to unsubscribe him.
    _mail(resources, "mallory@elsewhere.example", "Re: " + bob["subject"], "Unsubscribe me please.",
          In_Reply_To=bob["message_id"], References=bob["message_id"])
    # `sdr suppress probe` proving the mailto's route: ours, neither an opt-out nor for a person.
    probe = probe_message(load_secret(data_dir), "sdr-monitor@outreach.example", "outreach.example",
                          datetime.fromisoformat("2026-11-20T15:00:00+00:00"))
    mailbox.Maildir(resources["mailbox"].path, create=True).add(probe)
    before = _outbox(resources)
    assert not run_due(build_definitions(build_resources(_later(environ, 6))), instance).failed
    mailed = _mailed_after(resources, before)
    assert jane["contact_email"] not in mailed and ann["contact_email"] not in mailed
    with resources["warehouse"].connect() as con:
        listed = dict(con.execute("select email, reason from suppression_list").fetchall())
        escalated = con.execute("select from_addr, needs_review from escalations").fetchall()
        bob_steps = con.execute("select step, status from send_ledger where contact_email = ? and step > 1",
                                [bob["contact_email"]]).fetchall()
    assert listed[jane["contact_email"]] == "unsubscribe_mail"
    assert listed[ann["contact_email"]] == "unsubscribe_reply"
    assert bob["contact_email"] not in listed, "a forged opt-out never suppresses a real contact"
    assert ("mallory@elsewhere.example", True) in escalated, "it goes to a person instead"
    assert all(status != "suppressed" for _, status in bob_steps)
    assert "sdr-monitor@outreach.example" not in listed
    assert "sdr-monitor@outreach.example" not in {sender for sender, _ in escalated}
