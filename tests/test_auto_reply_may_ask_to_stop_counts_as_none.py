"""An auto-reply whose own text may ask us to stop, in words the opt-out rule does not take for a
request, goes to a person and stops her sequence as a person's reply would, yet nobody read our mail:
it counts in no reply rate, neither in the summary, the performance table, the funnel nor `sdr
status`, and the performance table counts it among the auto-replies. A person's reply that may ask
us to stop still counts as her reply."""

import mailbox
from datetime import UTC, datetime

import pytest

from resources.tables import frame_of
from sdr_assets.domain.escalations import OPTING_OUT_REASONS
from sdr_assets.ledger_counts import ledger_counts
from tests.replies import first_sends, reply_to

REVOPS = "revops-hiring"
AT = datetime(2026, 11, 20, 15, tzinfo=UTC)
AWAY = ("Thank you for your email. I am out of the office until December 14 with no access to email. "
        "If you no longer wish to hear from our sales team, reply with opt out in the subject line.")
HERS = "Thanks. If you no longer wish to hear from me, reply with opt out, right? Does that apply to my team too?"


@pytest.mark.parametrize(("body", "auto", "replies"), [(AWAY, True, 0), (HERS, False, 1)], ids=["auto", "hers"])
@pytest.mark.opening("revops_sent")
def test_an_auto_reply_that_may_ask_to_stop_counts_in_no_reply_rate(resources, defs, instance, body, auto, replies):
    sent = first_sends(resources, REVOPS)[0]
    headers = {"Auto_Submitted": "auto-replied", "X_Autoreply": "yes"} if auto else {}
    message = reply_to(sent, body, AT, **headers)
    if auto:
        message.replace_header("Subject", "Automatic reply: " + sent["subject"])
    mailbox.Maildir(resources["mailbox"].path, create=True).add(message)
    assert defs.resolve_job_def("replies_job").execute_in_process(instance=instance).success
    with resources["warehouse"].connect() as con:
        kind, reason = con.execute("select kind, reason from reply_classifications where send_key = ?",
                                   [sent["send_key"]]).fetchone()
        summary = frame_of(con, "select human_replies from reply_rate_summary where play = ?", [REVOPS]).item()
        perf = frame_of(con, "select sum(human_replies) as replies, sum(auto_replies) as auto from reply_performance "
                             "where play = ?", [REVOPS]).row(0, named=True)
        replied = frame_of(con, "select sum(contacts_replied) as n from outreach_funnel where play = ?", [REVOPS])
        status = ledger_counts(con)[REVOPS]
    assert (kind, reason in OPTING_OUT_REASONS) == ("human", True), "a person reads it, her mail held"
    assert summary == replies
    assert (perf["replies"], perf["auto"]) == (replies, int(auto))
    assert replied["n"][0] == replies
    assert status["human_replies"] == replies
