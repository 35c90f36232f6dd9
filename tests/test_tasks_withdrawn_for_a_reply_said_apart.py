"""`sdr tasks list` says why it withdrew open tasks. A task withdrawn because its contact
replied (held as the send step holds her) is not "may no longer be contacted (`sdr suppress list`)":
she is on no suppression list, and an interested reply is a conversation a person answers. After
`make demo` the first `sdr tasks list` says "7 open task(s) withdrawn: their contact may no longer be
contacted" while `sdr suppress list` holds 3 of them (the other 4 replied, 2 of them interested)."""

import json
import mailbox
import re
from datetime import UTC, datetime

import pytest

from sdr_assets.cli import app
from sdr_assets.runner import RunReport, run_replies
from tests.command_line import CommandLine
from tests.replies import first_sends, reply_to

PLAY = "revops-hiring"
REPLY_AT = datetime(2026, 11, 20, 15, tzinfo=UTC)
SUPPRESSED = re.compile(r"(\d+) open task\(s\) withdrawn: their contact may no longer be contacted")


@pytest.mark.opening("revops_cycled")  # the play approved, one cycle: its LinkedIn tasks are open
def test_a_task_withdrawn_for_an_interested_reply_is_not_counted_as_suppressed(environ, resources, defs, instance):
    env = environ()
    runner = CommandLine()
    replied = first_sends(resources, PLAY)[0]
    box = mailbox.Maildir(resources["mailbox"].path, create=True)
    box.add(reply_to(replied, "Thanks, could we talk on Tuesday?", REPLY_AT))
    run_replies(defs, instance, RunReport())  # the mailbox sensor's run; the outreach run comes tomorrow

    listed = runner.invoke(app, ["tasks", "list"], env=env)
    assert listed.exit_code == 0, listed.output
    suppressed = {r["email"] for r in json.loads(runner.invoke(app, ["suppress", "list", "--json"], env=env).stdout)}
    assert replied["contact_email"].lower() not in suppressed, "precondition: she replied, nobody suppressed her"
    said = SUPPRESSED.search(listed.stderr)
    assert said is None or int(said.group(1)) == 0, (
        f"her task was withdrawn for her reply, yet the command says: {said.group(0)!r} "
        f"(`sdr suppress list`: {sorted(suppressed)})")
