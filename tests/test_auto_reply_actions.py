"""Replies whose subject reads like an auto-reply, and auto-replies that ask to stop, end to end."""

import mailbox
from datetime import UTC, datetime

import pytest

from resources.defaults import build_resources
from sdr_assets.assembly import build_definitions
from sdr_assets.runner import RunReport, run_replies
from tests.replies import first_sends, reply_to

PLAY = "revops-hiring"
REPLY_AT = datetime(2026, 11, 20, 15, tzinfo=UTC)


@pytest.mark.opening("revops_sent")
def test_a_subject_or_an_auto_reply_does_not_hide_an_opt_out_or_interest(environ, instance):
    resources = build_resources(environ())
    human_stop, auto_stop, away_interested, auto_interested = first_sends(resources, PLAY)[:4]
    box = mailbox.Maildir(resources["mailbox"].path, create=True)
    stop = reply_to(human_stop, "I'm back now. Please stop emailing me.", REPLY_AT)
    stop.replace_header("Subject", "Out of office - Re: " + human_stop["subject"])
    box.add(stop)
    auto = reply_to(auto_stop, "Thank you for your email. I do not accept unsolicited sales emails; please remove "
                               "me from your mailing list.", REPLY_AT, Auto_Submitted="auto-replied")
    auto.replace_header("Subject", "Automatic reply: " + auto_stop["subject"])
    box.add(auto)
    away = reply_to(away_interested, "Can we meet on the 14th? Send pricing please.", REPLY_AT)
    away.replace_header("Subject", "Away this week, but interested")
    box.add(away)
    ooo = reply_to(auto_interested, "I am away until Monday. Actually yes, I'm interested - can you send pricing? "
                                    "Let's book a call next week.", REPLY_AT, Auto_Submitted="auto-replied")
    ooo.replace_header("Subject", "Automatic reply: " + auto_interested["subject"])
    box.add(ooo)
    report = RunReport()
    run_replies(build_definitions(resources), instance, report, analytics=False)
    assert not report.failed

    with resources["warehouse"].connect() as con:
        suppressed = dict(con.execute("select email, reason from suppression_list").fetchall())
        holds = dict(con.execute("select email, hold from sequence_holds").fetchall())
        escalated = [e for (e,) in con.execute("select contact_email from escalations").fetchall()]
    assert suppressed == {human_stop["contact_email"]: "unsubscribe_reply",
                          auto_stop["contact_email"]: "unsubscribe_reply"}
    assert holds.get(away_interested["contact_email"]) == holds.get(auto_interested["contact_email"]) == "stop"
    assert sorted(escalated) == sorted([away_interested["contact_email"], auto_interested["contact_email"]])
