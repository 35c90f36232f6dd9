"""An auto-reply is no reply in the figures, though triage stops the sequence on it: one saying the
contact has left (a wrong-person answer) and one whose own text asks us to stop (an opt-out) count
in no reply rate, neither in the summary, the performance table, the funnel nor `sdr status`; the
performance table counts it among the auto-replies."""

import mailbox
from datetime import UTC, datetime

import pytest

from resources.tables import frame_of
from sdr_assets.ledger_counts import ledger_counts
from tests.replies import first_sends, reply_to

REVOPS = "revops-hiring"
AT = datetime(2026, 11, 20, 15, tzinfo=UTC)
DEPARTED = ("Thank you for your message. I have left Acme and this mailbox is no longer monitored. "
            "For anything else please contact jane.doe@{domain}.")
REFUSES = ("This is an automatic reply. I do not accept unsolicited sales emails; please remove me "
           "from your list.")


@pytest.mark.parametrize("body", [DEPARTED, REFUSES], ids=["departed", "asks-to-stop"])
@pytest.mark.opening("revops_sent")
def test_an_auto_reply_counts_in_no_reply_rate(resources, defs, instance, body):
    sent = first_sends(resources, REVOPS)[0]
    domain = sent["contact_email"].rpartition("@")[2]
    message = reply_to(sent, body.format(domain=domain), AT, Auto_Submitted="auto-replied", X_Autoreply="yes")
    message.replace_header("Subject", "Automatic reply: " + sent["subject"])
    mailbox.Maildir(resources["mailbox"].path, create=True).add(message)
    assert defs.resolve_job_def("replies_job").execute_in_process(instance=instance).success
    with resources["warehouse"].connect() as con:
        (kind,) = con.execute("select kind from reply_classifications where send_key = ?",
                              [sent["send_key"]]).fetchone()
        summary = frame_of(con, "select human_replies, reply_rate from reply_rate_summary where play = ?",
                           [REVOPS]).row(0, named=True)
        perf = frame_of(con, "select sum(human_replies) as replies, sum(auto_replies) as auto from reply_performance "
                             "where play = ?", [REVOPS]).row(0, named=True)
        replied = frame_of(con, "select sum(contacts_replied) as n from outreach_funnel where play = ?", [REVOPS])
        status = ledger_counts(con)[REVOPS]
    assert kind == "human"  # triage stops her sequence on it, as on her own answer
    assert (summary["human_replies"], summary["reply_rate"]) == (0, 0.0)
    assert (perf["replies"], perf["auto"]) == (0, 1)
    assert replied["n"][0] == 0
    assert status["human_replies"] == 0
