"""An auto-reply whose own text asks something but may also ask us to stop (triage's ``AUTO_MAY_ASK_TO_STOP``,
labelled "question" by the labeller) is no positive reply: nobody read our mail, so it counts in no reply rate,
and the performance table counted it among the positive replies, a positive rate above the reply rate; the
objections are counted from the same replies."""

import mailbox
from datetime import UTC, datetime

import pytest

from resources.tables import frame_of
from sdr_assets.domain.escalations import AUTO_MAY_ASK_TO_STOP
from tests.replies import first_sends, reply_to

REVOPS = "revops-hiring"
AT = datetime(2026, 11, 20, 15, tzinfo=UTC)
AWAY = ("I am out of the office until December 14. Can you send pricing? If you no longer wish to hear from our "
        "sales team, reply with opt out in the subject line.")


@pytest.mark.opening("revops_sent")
def test_an_auto_reply_asking_a_question_counts_in_no_positive_rate(resources, defs, instance):
    sent = first_sends(resources, REVOPS)[0]
    message = reply_to(sent, AWAY, AT, Auto_Submitted="auto-replied", X_Autoreply="yes")
    message.replace_header("Subject", "Automatic reply: " + sent["subject"])
    mailbox.Maildir(resources["mailbox"].path, create=True).add(message)
    assert defs.resolve_job_def("replies_job").execute_in_process(instance=instance).success
    with resources["warehouse"].connect() as con:
        label, reason = con.execute("select label, reason from reply_classifications where send_key = ?",
                                    [sent["send_key"]]).fetchone()
        perf = frame_of(con, "select sum(human_replies) as replies, sum(positive_replies) as positive, "
                             "sum(contacts_positive) as people from reply_performance where play = ?",
                        [REVOPS]).row(0, named=True)
    assert (label, reason) == ("question", AUTO_MAY_ASK_TO_STOP), "the labeller's reading of an auto-reply"
    assert (perf["replies"], perf["positive"], perf["people"]) == (0, 0, 0)
