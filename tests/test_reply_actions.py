"""Replies drive actions end to end: suppress, pause, stop, escalate; follow-ups respect all of it."""

import csv
import mailbox
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from email.utils import format_datetime

import pytest

from resources.defaults import build_resources
from sdr_assets.assembly import build_definitions
from sdr_assets.runner import RunReport, run_due, run_outreach, run_replies
from tests.replies import first_sends, reply_to

PLAY = "revops-hiring"
REPLY_AT = datetime(2026, 11, 20, 15, tzinfo=UTC)


def _first_sent(resources) -> dict:
    """The play's first email that went out, as its ledger row."""
    with resources["warehouse"].connect() as con:
        cursor = con.execute("select * from send_ledger where play = ? and status = 'sent' and step = 1 "
                             "order by send_key limit 1", [PLAY])
        return dict(zip([c[0] for c in cursor.description], cursor.fetchone()))


def _answered(environ, write: Callable[[dict], str]) -> tuple:
    """The environment, resources, definitions, first email sent, and the mailbox now holding the
    answer ``write(sent)`` to it."""
    env = environ()
    resources = build_resources(env)
    sent = _first_sent(resources)
    box = mailbox.Maildir(resources["mailbox"].path, create=True)
    box.add(_reply(sent, write(sent)))
    return env, resources, build_definitions(resources), sent, box


def _reply(sent: dict, body: str, **headers: str) -> EmailMessage:
    # The quoted outbound message carries an unsubscribe link: triage must read only what the person wrote.
    quote = f"On Thu, Sam wrote:\n> Hi there\n> Unsubscribe: https://outreach.example/u/{sent['send_key']}\n"
    return reply_to(sent, body, REPLY_AT, quote=quote, **headers)


def _bounce(sent: dict) -> bytes:
    """An RFC 3464 delivery status notification for one of our sends."""
    return f"""From: MAILER-DAEMON@mx.acme.example
To: {sent['mailbox']}
Subject: Undelivered Mail Returned to Sender
Date: {format_datetime(REPLY_AT)}
Message-ID: <b-{sent['send_key']}@mx.acme.example>
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status; boundary="B"

--B
Content-Type: text/plain

Your message could not be delivered to one or more recipients.
--B
Content-Type: message/delivery-status

Reporting-MTA: dns; mx.acme.example

Final-Recipient: rfc822; {sent['contact_email']}
Action: failed
Status: 5.1.1
Diagnostic-Code: smtp; 550 5.1.1 user unknown
--B
Content-Type: text/rfc822-headers

Message-ID: {sent['message_id']}
X-SDR-Send-Key: {sent['send_key']}
--B--
""".encode()


@pytest.mark.opening("revops_sent")
def test_replies_suppress_pause_stop_and_escalate_and_follow_ups_obey(environ, instance):
    resources = build_resources(environ())
    defs = build_definitions(resources)
    sent = first_sends(resources, PLAY)
    assert len(sent) >= 5, "enough first emails to answer"
    bounced, unsubscribed, away, interested, quiet = sent[:5]

    box = mailbox.Maildir(resources["mailbox"].path, create=True)
    box.add(_bounce(bounced))
    box.add(_reply(unsubscribed, "Please remove me from your mailing list."))
    box.add(_reply(away, "I am out of the office until 30 November 2026 with limited access to email.",
                   Auto_Submitted="auto-replied", X_Autoreply="yes"))
    box.add(_reply(interested, "Thanks, timing is good. Can we talk Tuesday at 2pm?"))
    report = RunReport()
    run_replies(defs, instance, report, analytics=False)
    assert not report.failed

    with resources["warehouse"].connect() as con:
        suppressed = dict(con.execute("select email, reason from suppression_list").fetchall())
        holds = {e: (h, u) for e, h, u in con.execute("select email, hold, until from sequence_holds").fetchall()}
        escalated = con.execute("select contact_email, label, suggested_response from escalations").fetchall()
    assert suppressed == {bounced["contact_email"]: "hard_bounce", unsubscribed["contact_email"]: "unsubscribe_reply"}
    assert holds[away["contact_email"]] == ("pause", datetime(2026, 12, 1).date())
    assert holds[interested["contact_email"]][0] == "stop"
    assert [(e, label) for e, label, _ in escalated] == [(interested["contact_email"], "interested")]
    assert escalated[0][2], "a suggested answer is drafted"
    with open(resources["paths"].exports / "escalations.csv") as fh:
        assert [row["contact_email"] for row in csv.DictReader(fh)] == [interested["contact_email"]]

    # A replies run that stops after classifying leaves a reply without its hold: the send step
    # derives it from the classification all the same.
    with resources["warehouse"].connect() as con:
        con.execute("delete from sequence_holds where email = ?", [interested["contact_email"]])

    # Six days later the third step (an email, delay 5) is due for everyone still in sequence.
    later = (datetime.fromisoformat(environ()["SDR_NOW"]) + timedelta(days=6)).isoformat()
    later_resources = build_resources(environ(SDR_NOW=later))
    later_defs = build_definitions(later_resources)
    report = RunReport()
    run_outreach(later_defs, instance, report, analytics=False)
    with resources["warehouse"].connect() as con:
        follow_ups = {e for (e,) in con.execute(
            "select contact_email from send_ledger where play = ? and step = 3 and status = 'sent'", [PLAY]).fetchall()}
    assert quiet["contact_email"] in follow_ups
    for contact in (bounced, unsubscribed, away, interested):
        assert contact["contact_email"] not in follow_ups, contact["contact_email"]


@pytest.mark.opening("revops_sent")
def test_someone_else_asking_in_thread_to_unsubscribe_a_contact_stops_her_sequence_for_review(environ, instance):
    resources = build_resources(environ())
    with resources["warehouse"].connect() as con:
        cursor = con.execute("select * from send_ledger where play = ? and status = 'sent' and step = 1 "
                             "order by send_key", [PLAY])
        columns = [c[0] for c in cursor.description]
        contact, quiet = [dict(zip(columns, row)) for row in cursor.fetchmany(2)]
    manager = f"office.manager@{contact['contact_email'].partition('@')[2]}"
    asked = _reply(contact, "Please unsubscribe her from your mailing list and stop emailing her.")
    del asked["From"]
    asked["From"] = f"Office Manager <{manager}>"
    mailbox.Maildir(resources["mailbox"].path, create=True).add(asked)
    report = RunReport()
    run_replies(build_definitions(resources), instance, report, analytics=False)
    assert not report.failed

    with resources["warehouse"].connect() as con:
        review = con.execute("select needs_review from reply_classifications where label = 'unsubscribe'").fetchall()
        suppressed = {e for (e,) in con.execute("select email from suppression_list").fetchall()}
        holds = dict(con.execute("select email, hold from sequence_holds").fetchall())
    assert review == [(True,)], "a person decides whether she is suppressed"
    assert contact["contact_email"] not in suppressed and manager in suppressed
    assert holds == {contact["contact_email"]: "stop"}

    later = (datetime.fromisoformat(environ()["SDR_NOW"]) + timedelta(days=6)).isoformat()
    report = RunReport()
    run_outreach(build_definitions(build_resources(environ(SDR_NOW=later))), instance, report, analytics=False)
    assert not report.failed
    with resources["warehouse"].connect() as con:
        follow_ups = {e for (e,) in con.execute(
            "select contact_email from send_ledger where play = ? and step > 1 and status = 'sent'", [PLAY]).fetchall()}
    assert quiet["contact_email"] in follow_ups and contact["contact_email"] not in follow_ups


@pytest.mark.opening("revops_sent")
def test_a_referral_is_mailed_only_after_a_person_accepts_it(environ, instance):
    import json

    from tests.command_line import CommandLine

    from sdr_assets.cli import app

    env, resources, defs, sent, _ = _answered(environ, lambda sent: (
        f"I'm not the right person for this. Please reach out to Jane Roe (jane.roe@{sent['company_domain']}), "
        "she runs revenue operations."))
    referral = f"jane.roe@{sent['company_domain']}"
    run_due(defs, instance)

    def outbox_recipients() -> list[str]:
        return [m["To"] for m in mailbox.Maildir(resources["mail"].path, create=False)]

    assert not any(referral in to for to in outbox_recipients()), "a proposed referral is never mailed by itself"
    runner = CommandLine()
    listed = json.loads(runner.invoke(app, ["referrals", "list", "--json"], env=env).output)
    assert [(r["email"], r["accepted"], r["referred_by"]) for r in listed] == [(referral, False, sent["contact_email"])]
    assert runner.invoke(app, ["referrals", "accept", referral, "--by", " "], env=env).exit_code == 1
    assert runner.invoke(app, ["referrals", "accept", "nobody@else.example", "--by", "Dana"], env=env).exit_code == 1
    accepted = runner.invoke(app, ["referrals", "accept", referral, "--by", "Dana Whitfield"], env=env)
    assert accepted.exit_code == 0, accepted.output

    run_due(defs, instance)
    run_due(defs, instance)
    to_referral = [to for to in outbox_recipients() if referral in to]
    assert len(to_referral) == 1, "accepted, she gets the first email once"
    with resources["warehouse"].connect() as con:
        body = con.execute("select body from message_drafts where contact_email = ? and step = 1", [referral]).fetchall()
    assert body and body[0][0].startswith("Hi Jane")


@pytest.mark.opening("revops_sent")
def test_an_auto_reply_saying_the_contact_left_proposes_her_successor_and_stops_her_sequence(environ, instance):
    import json

    from tests.command_line import CommandLine

    from sdr_assets.cli import app

    env = environ()
    resources = build_resources(env)
    sent = _first_sent(resources)
    successor = f"jane.doe@{sent['company_domain']}"
    left = _reply(sent, f"Thank you for your email. This colleague is no longer with the company. For revenue "
                        f"operations please contact {successor} instead.", Auto_Submitted="auto-replied")
    left.replace_header("Subject", "Automatic reply: " + sent["subject"])
    mailbox.Maildir(resources["mailbox"].path, create=True).add(left)
    report = RunReport()
    run_replies(build_definitions(resources), instance, report, analytics=False)
    assert not report.failed

    with resources["warehouse"].connect() as con:
        holds = dict(con.execute("select email, hold from sequence_holds").fetchall())
    assert holds == {sent["contact_email"]: "stop"}
    runner = CommandLine()
    listed = json.loads(runner.invoke(app, ["referrals", "list", "--json"], env=env).output)
    assert [(r["email"], r["referred_by"]) for r in listed] == [(successor, sent["contact_email"])]
    accepted = runner.invoke(app, ["referrals", "accept", successor, "--by", "Dana Whitfield"], env=env)
    assert accepted.exit_code == 0, accepted.output


def _written_anew(sent: dict, body: str, at: datetime, message_id: str, **headers: str) -> EmailMessage:
    """A message from the contact's own address that answers none of our Message-IDs."""
    msg = EmailMessage()
    msg["From"], msg["To"], msg["Subject"] = sent["contact_email"].upper(), sent["mailbox"], "Your note about our hiring"
    msg["Date"], msg["Message-ID"] = format_datetime(at), message_id
    for name, value in headers.items():
        msg[name.replace("_", "-")] = value
    msg.set_content(body)
    return msg


@pytest.mark.opening("revops_sent")
def test_a_contact_writing_anew_instead_of_replying_is_escalated_and_her_sequence_stops(environ, instance):
    from sdr_assets.inbox import load_queue

    resources = build_resources(environ())
    sent = _first_sent(resources)
    box = mailbox.Maildir(resources["mailbox"].path, create=True)
    box.add(_written_anew(sent, "Hi, saw your email yesterday. We are very interested - can we book a call this week?",
                          REPLY_AT, "<fresh-1@acme.example>"))
    report = RunReport()
    run_replies(build_definitions(resources), instance, report, analytics=False)
    assert not report.failed

    with resources["warehouse"].connect() as con:
        classified = con.execute("select kind, label, play, send_key, contact_email from reply_classifications").fetchall()
        holds = dict(con.execute("select email, hold from sequence_holds").fetchall())
        queue = load_queue(con, resources["policy"].now())
    assert classified == [("human", "interested", PLAY, sent["send_key"], sent["contact_email"])]
    assert holds == {sent["contact_email"]: "stop"}
    assert [(q["contact_email"], q["play"], q["label"], q["status"]) for q in queue] == [
        (sent["contact_email"], PLAY, "interested", "open")]

    later = (datetime.fromisoformat(environ()["SDR_NOW"]) + timedelta(days=6)).isoformat()
    report = RunReport()
    run_outreach(build_definitions(build_resources(environ(SDR_NOW=later))), instance, report, analytics=False)
    with resources["warehouse"].connect() as con:
        follow_ups = {e for (e,) in con.execute(
            "select contact_email from send_ledger where play = ? and step > 1 and status = 'sent'", [PLAY]).fetchall()}
    assert follow_ups and sent["contact_email"] not in follow_ups


@pytest.mark.opening("revops_sent")
def test_a_contacts_answer_to_a_reps_own_mail_reopens_her_conversation_for_its_owner(environ, instance):
    from tests.command_line import CommandLine

    from sdr_assets.cli import app
    from sdr_assets.inbox import load_queue

    env, resources, defs, sent, box = _answered(
        environ, lambda _: "Yes, very interested. Can we set up a call this week?")
    run_replies(defs, instance, RunReport(), analytics=False)
    with resources["warehouse"].connect() as con:
        (escalation_id,) = con.execute("select escalation_id from escalations").fetchone()
    handled = CommandLine().invoke(app, ["handled", escalation_id, "--by", "Sam Lee", "--outcome", "nurture"], env=env)
    assert handled.exit_code == 0, handled.output
    # Sam answered from his own mail client with the SDR mailbox in Cc: her answer names his message only.
    box.add(_written_anew(sent, "Budget got approved - we are interested now, please send a contract.",
                          REPLY_AT + timedelta(hours=2), "<answer-to-sam@acme.example>",
                          In_Reply_To="<CAF123sam@mail.gmail.com>", References="<CAF123sam@mail.gmail.com>"))
    report = RunReport()
    run_replies(defs, instance, report, analytics=False)
    assert not report.failed

    with resources["warehouse"].connect() as con:
        queue = load_queue(con, resources["policy"].now())
    assert [(q["escalation_id"], q["status"], q["owner"], q["reply_count"], q["reopened"]) for q in queue] == [
        (escalation_id, "open", "Sam Lee", 2, True)], "one conversation, open again for Sam"


@pytest.mark.opening("revops_sent")
def test_an_away_message_dated_9999_neither_fails_the_replies_job_nor_frees_a_replier(environ, instance):
    resources = build_resources(environ())
    defs = build_definitions(resources)
    sent = _first_sent(resources)
    box = mailbox.Maildir(resources["mailbox"].path, create=True)
    box.add(reply_to(sent, "Thanks, not right now. We are fine for the moment.", REPLY_AT))
    stranger = EmailMessage()
    stranger["From"], stranger["To"], stranger["Subject"] = "Mallory <mallory@evil.example>", sent["mailbox"], "Away"
    stranger["Date"], stranger["Message-ID"] = "Fri, 31 Dec 9999 23:00:00 +0000", "<ooo-9999@evil.example>"
    stranger["Auto-Submitted"] = "auto-replied"
    stranger.set_content("I am out of the office with limited access to email.")
    box.add(stranger)
    for _ in range(2):  # the run after the message is green too
        report = RunReport()
        run_replies(defs, instance, report)
        assert not report.failed
    now = datetime.fromisoformat(environ()["SDR_NOW"])
    with resources["warehouse"].connect() as con:
        holds = {e: (h, u) for e, h, u in con.execute("select email, hold, until from sequence_holds").fetchall()}
        (received,) = con.execute("select received_at from reply_classifications "
                                  "where message_id = '<ooo-9999@evil.example>'").fetchone()
    assert holds[sent["contact_email"]] == ("stop", None)
    assert holds["mallory@evil.example"] == ("pause", now.date() + timedelta(days=8))
    assert received == now, "a Date far ahead of the fetch is read as the fetch time"


@pytest.mark.opening("revops_sent")
def test_an_unsubscribe_sharing_a_message_id_with_stray_mail_still_suppresses(environ, instance):
    resources = build_resources(environ())
    defs = build_definitions(resources)
    sent = _first_sent(resources)
    stray = EmailMessage()
    stray["From"], stray["To"], stray["Subject"] = "someone@elsewhere.example", sent["mailbox"], "hello"
    stray["Date"], stray["Message-ID"] = format_datetime(REPLY_AT), "<1@localhost>"
    stray.set_content("Hi there.")
    unsubscribe = _reply(sent, "Please unsubscribe me. Stop emailing me.")
    unsubscribe.replace_header("Message-ID", "<1@localhost>")
    box = mailbox.Maildir(resources["mailbox"].path, create=True)
    box.add(stray)
    box.add(unsubscribe)
    report = RunReport()
    run_replies(defs, instance, report, analytics=False)
    box.add(unsubscribe)  # the same message delivered again
    run_replies(defs, instance, report, analytics=False)
    assert not report.failed
    with resources["warehouse"].connect() as con:
        stored = con.execute("select count(*) from raw_replies").fetchone()[0]
        classified = sorted(con.execute("select from_addr, kind, label from reply_classifications").fetchall())
        suppressed = dict(con.execute("select email, reason from suppression_list").fetchall())
    assert stored == 2
    assert classified == [(sent["contact_email"], "human", "unsubscribe"), ("someone@elsewhere.example", "other", None)]
    assert suppressed == {sent["contact_email"]: "unsubscribe_reply"}


@pytest.mark.opening("revops_sent")
def test_a_contact_who_answered_one_play_is_mailed_by_no_other_though_no_opt_out_is_recorded(environ, instance):
    """Any reply stops every play's mail to its writer, not only the answered play's: a plain refusal the
    labeller closes by itself included. That stop is no opt-out: the suppression list, the record that
    outlives the replies, holds only requests to stop."""
    from tests.approving import approve

    resources = build_resources(environ())
    with resources["warehouse"].connect() as con:
        cursor = con.execute(
            "select * from send_ledger l where play = ? and status = 'sent' and step = 1 and exists ("
            "  select 1 from message_drafts d where d.play = 'series-b-funding' and d.step = 1 and d.grounded"
            "  and lower(d.contact_email) = lower(l.contact_email)) order by send_key limit 1", [PLAY])
        columns = [c[0] for c in cursor.description]
        shared = [dict(zip(columns, row)) for row in cursor.fetchall()]
    assert shared, "the world holds a contact both plays draft for"
    contact = shared[0]["contact_email"].lower()
    box = mailbox.Maildir(resources["mailbox"].path, create=True)
    box.add(_reply(shared[0], "Thanks, but we are not interested."))
    defs = build_definitions(resources)
    report = RunReport()
    run_replies(defs, instance, report, analytics=False)
    approve(resources, "series-b-funding")
    run_outreach(defs, instance, report, analytics=False)
    assert not report.failed

    with resources["warehouse"].connect() as con:
        label, needs_review = con.execute("select label, needs_review from reply_classifications "
                                          "where lower(contact_email) = ?", [contact]).fetchone()
        escalated = con.execute("select count(*) from escalations where contact_email = ?", [contact]).fetchone()[0]
        suppressed = con.execute("select count(*) from suppression_list where email = ?", [contact]).fetchone()[0]
        series_b = {e.lower() for (e,) in con.execute(
            "select contact_email from send_ledger where play = 'series-b-funding' and status = 'sent'").fetchall()}
    assert (label, needs_review, escalated) == ("not_interested", False, 0), "closed with no person"
    assert series_b, "the other play sends to the contacts who did not answer"
    assert contact not in series_b
    assert suppressed == 0


@pytest.mark.opening("revops_sent")
def test_unchanged_holds_are_not_written_again_and_a_hold_lost_from_the_table_is(environ, instance, monkeypatch):
    import dagster as dg

    from sdr_assets import hold_fold, replies

    resources = build_resources(environ())
    sent = _first_sent(resources)
    box = mailbox.Maildir(resources["mailbox"].path, create=True)
    box.add(_reply(sent, "Thanks, timing is good. Can we talk Tuesday at 2pm?"))
    run_replies(build_definitions(resources), instance, report := RunReport(), analytics=False)
    assert not report.failed
    writes = []
    write = hold_fold.rewrite_rows
    monkeypatch.setattr(hold_fold, "rewrite_rows", lambda con, table, frame, *a: writes.append(table) or
                        write(con, table, frame, *a))

    def holds() -> dict:
        assert dg.materialize([replies.sequence_holds], resources=resources, instance=instance).success
        with resources["warehouse"].connect() as con:
            return dict(con.execute("select email, hold from sequence_holds").fetchall())

    assert holds()[sent["contact_email"]] == "stop"
    assert writes == [], "the same holds: the table is not dropped and written again"
    with resources["warehouse"].connect() as con:
        con.execute("delete from sequence_holds where email = ?", [sent["contact_email"]])
    assert holds()[sent["contact_email"]] == "stop"
    assert writes == ["sequence_holds"]
