"""A contact who replied since the last outreach run: `sdr tasks` must not hand out her LinkedIn note.

README, "LinkedIn tasks": contacts "who replied get no task, and an open task of theirs is withdrawn with
the reason"; "A task's contact is held as the send step holds her (a reply, ...) from the same stored
replies." The send step reads the stored replies before each message; `sdr tasks list/done` read only the
suppression list, so between the replies run (the mailbox sensor, every few minutes) and the next outreach
run (daily, 08:00 on weekdays) a rep is told to connect on LinkedIn with someone who just wrote back
"not interested, please don't follow up" — and `sdr tasks done` records it."""

import json
from datetime import UTC, datetime

import pytest

from sdr_assets.cli import app
from sdr_assets.runner import RunReport, run_replies
from tests.command_line import CommandLine
from tests.replies import first_sends, reply_to

PLAY = "revops-hiring"
REPLY_AT = datetime(2026, 11, 20, 15, tzinfo=UTC)


def _tasks(env, *extra) -> dict[str, dict]:
    result = CommandLine().invoke(app, ["tasks", "list", "--json", *extra], env=env)
    assert result.exit_code == 0, result.output
    return {t["contact_email"]: t for t in json.loads(result.stdout)}


@pytest.mark.opening("revops_cycled")  # the play approved, one cycle: its LinkedIn tasks are open
@pytest.mark.parametrize("text", [
    "We already use Gong, so please spare us any further messages.",  # may ask us to stop: a person decides
    "Not a priority for us this year, thanks.",                        # a decline
    "Thanks, could we talk on Tuesday?",                               # interested: a person answers her
])
def test_a_contact_who_replied_since_the_last_outreach_run_gets_no_linkedin_task(environ, resources, defs, instance,
                                                                                 text):
    import mailbox

    env = environ()
    sent = first_sends(resources, PLAY)
    opened = _tasks(env)
    replied = sent[0]
    assert opened[replied["contact_email"]]["status"] == "open", "precondition: her task is open"

    box = mailbox.Maildir(resources["mailbox"].path, create=True)
    box.add(reply_to(replied, text, REPLY_AT))
    run_replies(defs, instance, RunReport())  # the mailbox sensor's run; the daily outreach run comes tomorrow
    with resources["warehouse"].connect() as con:
        stored = con.execute("select kind, label, needs_review, reason from reply_classifications where lower(from_addr) = lower(?)",
                             [replied["contact_email"]]).fetchall()
    assert stored, "precondition: her reply is stored and classified"

    listed = _tasks(env)
    assert replied["contact_email"] not in listed, (
        f"`sdr tasks list` still hands out a LinkedIn note to a contact who replied {stored}: "
        f"{listed.get(replied['contact_email'], {}).get('status')}")
    done = CommandLine().invoke(app, ["tasks", "done", opened[replied["contact_email"]]["task_id"], "--by", "Kim Lee"],
                                env=env)
    assert done.exit_code == 1, f"`sdr tasks done` recorded a LinkedIn step to a contact who replied: {done.output}"
