"""Opt-outs a person sees but the rule's literal spaces missed suppress the contact end to end:
a no-break space inside the phrase, HTML ``&nbsp;``, a zero-width space, and a subject ending in
"UNSUBSCRIBE" over an empty body. Before, each went to review and the next step went out."""

import mailbox
from datetime import UTC, datetime, timedelta

import pytest

from resources.defaults import build_resources
from sdr_assets.assembly import build_definitions
from sdr_assets.runner import RunReport, run_outreach, run_replies
from tests.replies import first_sends, reply_to

PLAY = "revops-hiring"
REPLY_AT = datetime(2026, 11, 20, 15, tzinfo=UTC)


@pytest.mark.opening("revops_sent")
def test_opt_outs_behind_unusual_spaces_or_in_the_subject_suppress_and_stop_the_follow_ups(environ, instance):
    resources = build_resources(environ())
    sent = first_sends(resources, PLAY)
    assert len(sent) >= 5, "enough first emails to answer"
    nbsp, html, zwsp, subject, quiet = sent[:5]
    box = mailbox.Maildir(resources["mailbox"].path, create=True)
    box.add(reply_to(nbsp, "Please remove\u00a0me from your list.", REPLY_AT))
    answer = reply_to(html, "", REPLY_AT)
    answer.set_content("<p>Hi Sam,<br>please&nbsp;remove&nbsp;me&nbsp;from&nbsp;your&nbsp;list.</p>", subtype="html")
    box.add(answer)
    box.add(reply_to(zwsp, "Please un\u200bsubscribe me.", REPLY_AT))
    answer = reply_to(subject, "", REPLY_AT)
    answer.replace_header("Subject", f"Re: {subject['subject']} - UNSUBSCRIBE")
    box.add(answer)
    report = RunReport()
    run_replies(build_definitions(resources), instance, report, analytics=False)
    assert not report.failed

    opted_out = {c["contact_email"] for c in (nbsp, html, zwsp, subject)}
    with resources["warehouse"].connect() as con:
        suppressed = dict(con.execute("select email, reason from suppression_list").fetchall())
    assert suppressed == dict.fromkeys(opted_out, "unsubscribe_reply")

    # Six days later the third step (an email, delay 5) is due for everyone still in sequence.
    later = (datetime.fromisoformat(environ()["SDR_NOW"]) + timedelta(days=6)).isoformat()
    report = RunReport()
    run_outreach(build_definitions(build_resources(environ(SDR_NOW=later))), instance, report, analytics=False)
    with resources["warehouse"].connect() as con:
        follow_ups = {e for (e,) in con.execute(
            "select contact_email from send_ledger where play = ? and step = 3 and status = 'sent'", [PLAY]).fetchall()}
    assert quiet["contact_email"] in follow_ups
    assert not opted_out & follow_ups
