"""An opt-out a person confirms from the escalation queue counts against the message it answers.

A reply the labeller calls a ``question`` reaches the queue; the person who reads it (or calls the
contact back) closes it with `sdr handled ID --outcome opted_out`, which suppresses the contact with
an ``unsubscribe_reply`` event sourced on the reply. The monitor and `sdr status` count it as an
unsubscribe of the message the reply answers, once, as they count a reply labelled ``unsubscribe``.
"""

import json
import mailbox
from datetime import UTC, datetime

import pytest

from sdr_assets.cli import app
from sdr_assets.monitor_data import sends_with_verdicts
from sdr_assets.status import collect_status
from tests.command_line import CommandLine
from tests.replies import reply_to

REVOPS = "revops-hiring"
WHEN = datetime(2026, 11, 20, 12, tzinfo=UTC)


def _query(resources, sql, params=()):
    with resources["warehouse"].connect() as con:
        return con.execute(sql, list(params)).fetchall()


def _question(n: int, send: dict) -> bytes:
    return bytes(reply_to(send, "What is this about exactly?", WHEN,
                          message_id=f"<ask{n}-{send['message_id'].strip('<>')}>"))


@pytest.mark.opening("revops_sent")
def test_opt_outs_a_person_confirms_from_the_queue_count_as_unsubscribes(defs, resources, instance, environ):
    columns = ("send_key", "message_id", "contact_email", "mailbox", "subject")
    sends = [dict(zip(columns, row)) for row in _query(
        resources, f"select {', '.join(columns)} from send_ledger where play = ? and status = 'sent' order by send_key",
        [REVOPS])[:8]]
    box = mailbox.Maildir(resources["mailbox"].path, create=True)
    for n, send in enumerate(sends):
        box.add(_question(n, send))
    job = defs.resolve_job_def("replies_job")
    assert job.execute_in_process(instance=instance, raise_on_error=False).success
    assert _query(resources, "select distinct label from reply_classifications where message_id like '<ask%'") \
        == [("question",)]
    with resources["warehouse"].connect() as con:
        before = sends_with_verdicts(con)["unsubscribe"].sum()
    unsubscribed_before = collect_status(resources["warehouse"], resources["paths"])["sends_by_play"][REVOPS]

    env = environ()
    queue = json.loads(CommandLine().invoke(app, ["inbox", "--json", "--all"], env=env).output)
    contacts = {s["contact_email"].lower() for s in sends}
    mine = [r for r in queue["escalations"] if (r["contact_email"] or "").lower() in contacts]
    assert len(mine) == len(sends), [(r["label"], r["contact_email"]) for r in queue["escalations"]]
    for row in mine:
        done = CommandLine().invoke(app, ["handled", row["escalation_id"], "--by", "Dana Whitfield",
                                        "--outcome", "opted_out"], env=env)
        assert done.exit_code == 0, done.output
    assert job.execute_in_process(instance=instance, raise_on_error=False).success

    keys = {s["send_key"] for s in sends}
    with resources["warehouse"].connect() as con:
        counted = sends_with_verdicts(con)
    flagged = set(counted.filter(counted["unsubscribe"])["send_key"].to_list())
    assert counted["unsubscribe"].sum() == before + len(sends), "each confirmed opt-out counts once"
    assert keys <= flagged, f"the monitor counts {len(keys & flagged)} of {len(keys)} confirmed opt-outs"
    status = collect_status(resources["warehouse"], resources["paths"])["sends_by_play"][REVOPS]
    assert status["unsubscribes"] == unsubscribed_before["unsubscribes"] + len(sends), (
        f"`sdr status` counts {status['unsubscribes']} unsubscribes")
    (negatives,) = _query(resources, "select negatives from monitor_readings where play = ? and scope = 'play'",
                          [REVOPS])[0]
    assert negatives >= len(sends), f"the play's reading counts {negatives} negative verdicts"
