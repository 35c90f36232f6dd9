"""LinkedIn tasks end to end: no task for suppressed, held or replied contacts; done and skip persist."""

import csv
import json
import mailbox
from datetime import UTC, datetime
from email.utils import format_datetime

import pytest

from sdr_assets.cli import app
from sdr_assets.decisions import decide
from sdr_assets.monitor_data import append_pauses, latest_decision_id
from sdr_assets.playbook import load_plays
from sdr_assets.tasks import write_tasks
from tests.approving import approve
from tests.command_line import CommandLine
from tests.openings import cycle
from tests.replies import first_sends, reply_to

PLAY = "revops-hiring"
REPLY_AT = datetime(2026, 11, 20, 15, tzinfo=UTC)


def _bounce(sent: dict) -> bytes:
    return (f"From: MAILER-DAEMON@mx.acme.example\nTo: {sent['mailbox']}\nSubject: Undelivered Mail\n"
            f"Date: {format_datetime(REPLY_AT)}\nMessage-ID: <b-{sent['send_key']}@mx.acme.example>\n"
            "MIME-Version: 1.0\nContent-Type: multipart/report; report-type=delivery-status; boundary=\"B\"\n\n"
            "--B\nContent-Type: text/plain\n\nCould not be delivered.\n--B\nContent-Type: message/delivery-status\n\n"
            f"Reporting-MTA: dns; mx.acme.example\n\nFinal-Recipient: rfc822; {sent['contact_email']}\n"
            "Action: failed\nStatus: 5.1.1\nDiagnostic-Code: smtp; 550 5.1.1 user unknown\n"
            f"--B\nContent-Type: text/rfc822-headers\n\nMessage-ID: {sent['message_id']}\n--B--\n").encode()


def _tasks(env) -> dict[str, dict]:
    result = CommandLine().invoke(app, ["tasks", "list", "--all", "--json"], env=env)
    assert result.exit_code == 0, result.output
    return {t["contact_email"]: t for t in json.loads(result.output)}


@pytest.mark.opening("revops_cycled")  # the play approved, one cycle: its first emails went
def test_tasks_skip_excluded_contacts_and_keep_people_decisions_across_runs(environ, resources, defs, instance):
    env = environ()
    sent = first_sends(resources, PLAY)
    first = _tasks(env)
    assert len(first) == len(sent) >= 6, "one task per contact whose first email went out"
    assert {t["status"] for t in first.values()} == {"open"}
    bounced, replied, away, done, skipped, *_ = sent

    runner = CommandLine()
    assert runner.invoke(app, ["tasks", "done", first[done["contact_email"]]["task_id"], "--by", "Kim Lee"],
                         env=env).exit_code == 0
    assert runner.invoke(app, ["tasks", "skip", first[skipped["contact_email"]]["task_id"], "--by", "Kim Lee",
                               "--reason", "no profile found"], env=env).exit_code == 0
    again = runner.invoke(app, ["tasks", "done", first[done["contact_email"]]["task_id"], "--by", "Lee"], env=env)
    assert again.exit_code == 1 and "already done by Kim Lee" in again.output
    assert runner.invoke(app, ["tasks", "skip", first[replied["contact_email"]]["task_id"], "--by", "Kim"],
                         env=env).exit_code != 0, "a skip needs a reason"

    box = mailbox.Maildir(resources["mailbox"].path, create=True)
    box.add(_bounce(bounced))
    box.add(reply_to(replied, "Thanks, could we talk on Tuesday?", REPLY_AT))
    box.add(reply_to(away, "I am out of the office until 30 November 2026.", REPLY_AT,
                     Auto_Submitted="auto-replied"))
    for _ in range(2):  # two more runs: nothing a person decided changes, nothing is lost
        cycle(defs, instance)
    after = _tasks(env)
    assert set(after) == set(first), "no task is lost"
    assert (after[done["contact_email"]]["status"], after[done["contact_email"]]["decided_by"]) == ("done", "Kim Lee")
    assert (after[skipped["contact_email"]]["status"], after[skipped["contact_email"]]["reason"]) == (
        "skipped", "no profile found")
    for contact, reason in ((bounced, "suppressed"), (replied, "replied"), (away, "held")):
        task = after[contact["contact_email"]]
        assert task["status"] == "withdrawn" and task["reason"].startswith(reason), task
    open_now = runner.invoke(app, ["tasks", "list", "--json"], env=env)
    listed = {t["contact_email"] for t in json.loads(open_now.output)}
    assert listed == {e for e, t in after.items() if t["status"] == "open"} and len(listed) == len(sent) - 5

    # A contact who is suppressed, held or replied never gets a task, even one never created before.
    with resources["warehouse"].connect() as con:
        con.execute("delete from linkedin_tasks where status = 'withdrawn'")
    cycle(defs, instance)
    assert set(_tasks(env)) == set(after) - {bounced["contact_email"], replied["contact_email"], away["contact_email"]}

    # Suppressed by hand between runs: her task leaves the list at once, and cannot be marked done.
    later = sent[5]["contact_email"]
    assert runner.invoke(app, ["suppress", "add", later, "--by", "Kim Lee", "--reason", "asked by phone"],
                         env=env).exit_code == 0
    listed = runner.invoke(app, ["tasks", "list", "--json"], env=env)
    assert later not in {t["contact_email"] for t in json.loads(listed.stdout)}
    assert "1 open task(s) withdrawn: their contact may no longer be contacted" in listed.stderr
    refused = runner.invoke(app, ["tasks", "done", after[later]["task_id"], "--by", "Kim Lee"], env=env)
    assert refused.exit_code == 1 and _tasks(env)[later]["reason"] == "suppressed: manual", refused.output

    export = runner.invoke(app, ["tasks", "export"], env=env)
    assert export.exit_code == 0, export.output
    with open(resources["paths"].exports / "linkedin_tasks.csv") as fh:
        rows = list(csv.DictReader(fh))
    assert {r["contact_email"]: r["status"] for r in rows} == {e: t["status"] for e, t in _tasks(env).items()}


@pytest.mark.opening("revops_cycled")  # the play approved, one cycle: its tasks are open
def test_a_play_that_may_not_send_has_no_open_tasks_and_a_new_approval_reopens_them(environ, resources, defs,
                                                                                   instance, data_dir):
    """A LinkedIn note reaches a prospect as an email does: revoked, or edited past its approval, a
    play's tasks are withdrawn before anyone lists them, and its task asset adds no note of a version
    nobody approved."""
    import dagster as dg

    from sdr_assets.play_graph import play_graph

    env = environ()
    opened = _tasks(env)
    assert opened and {t["status"] for t in opened.values()} == {"open"}

    sheet = resources["paths"].exports / "linkedin_tasks.csv"
    assert {r["status"] for r in csv.DictReader(sheet.read_text(encoding="utf-8").splitlines())} == {"open"}
    decide(PLAY, "revoke", "Lee Ops", warehouse_path=resources["warehouse"].path,
           plays_dir=resources["paths"].plays_dir, exports_dir=resources["paths"].exports_dir)
    assert {(r["status"], r["reason"]) for r in csv.DictReader(sheet.read_text(encoding="utf-8").splitlines())} == {
        ("withdrawn", "play revoked")}, "the spreadsheet people work from says so at once"
    listed = CommandLine().invoke(app, ["tasks", "list"], env=env)
    assert listed.exit_code == 0 and "No open LinkedIn tasks." in listed.output
    assert {(t["status"], t["reason"]) for t in _tasks(env).values()} == {("withdrawn", "play revoked")}

    path = data_dir / "plays" / f"{PLAY}.yaml"
    text = path.read_text()
    note = next(line for line in text.splitlines() if "Glad to connect." in line)
    path.write_text(text.replace(note, note.replace("Glad to connect.", "A note nobody approved.")))
    assert defs.resolve_job_def("signals_job").execute_in_process(instance=instance).success  # drafts it
    tasks_alone = dg.materialize([play_graph(PLAY).tasks], resources=resources, instance=instance)
    assert tasks_alone.success
    after = _tasks(env)
    assert {t["status"] for t in after.values()} == {"withdrawn"}
    assert not any("nobody approved" in (t["note"] or "") for t in after.values())

    approve(resources, PLAY, "Sam Reyes")
    cycle(defs, instance)
    back = _tasks(env)
    assert set(back) >= set(opened) and {back[e]["status"] for e in opened} == {"open"}
    assert all("nobody approved" in back[e]["note"] for e in opened), "the approved version's notes"


def test_the_tasks_export_quotes_a_cell_a_spreadsheet_would_run(tmp_path):
    from resources.defaults import build_resources
    from tests.conftest import environ_for

    from sdr_assets.task_records import ensure_table, write_csv

    env = environ_for(tmp_path)
    with build_resources(env)["warehouse"].connect() as con:
        ensure_table(con)
        con.execute("insert into linkedin_tasks (task_id, play, contact_email, contact_name, linkedin_url, step, note, "
                    "status, created_at, updated_at) values ('t1', 'p', 'jo@acme.example', '=cmd|'' /C calc''!A0', "
                    "'@evil', 2, '-1+1', 'done', now(), now())")
    out = tmp_path / "tasks.csv"
    export = CommandLine().invoke(app, ["tasks", "export", "--out", str(out)], env=env)
    assert export.exit_code == 0, export.output
    with out.open(newline="", encoding="utf-8") as fh:
        (row,) = list(csv.DictReader(fh))
    assert (row["contact_name"], row["linkedin_url"], row["note"]) == ("'=cmd|' /C calc'!A0", "'@evil", "'-1+1")
    assert (row["task_id"], row["status"], row["step"]) == ("t1", "done", "2")
    with build_resources(env)["warehouse"].connect() as con:  # the file every outreach run writes
        assert write_csv(con, tmp_path / "run.csv") == 1
    with (tmp_path / "run.csv").open(newline="", encoding="utf-8") as fh:
        assert list(csv.DictReader(fh)) == [row]


@pytest.mark.opening("revops_cycled")  # the play approved, one cycle: its first emails went
def test_a_paused_segments_prospects_get_no_linkedin_task(resources):
    paths, policy, warehouse = resources["paths"], resources["policy"], resources["warehouse"]
    play = load_plays(paths.plays).plays[PLAY]
    with warehouse.connect() as con:
        segment, accounts = con.execute(
            "select segment, count(*) from send_ledger where play = ? and status = 'sent' and step = 1 "
            "group by segment order by 2 desc limit 1", [PLAY]).fetchone()
        append_pauses(con, [{"event": "pause", "scope": "segment", "play": PLAY, "play_version": play.version_hash,
                             "scope_value": segment, "recorded_at": policy.now(),
                             "after_decision_id": latest_decision_id(con), "reason": f"segment {segment} tripped"}])
    write_tasks(PLAY, warehouse, policy, paths)
    with warehouse.connect() as con:
        still_open = con.execute(
            "select count(*) from linkedin_tasks t join send_ledger s on s.play = t.play and "
            "lower(s.contact_email) = lower(t.contact_email) and s.step = 1 "
            "where t.play = ? and t.status = 'open' and s.segment = ?", [PLAY, segment]).fetchone()[0]
    assert still_open == 0, (f"{still_open} open LinkedIn task(s) to prospects of the paused segment "
                             f"'{segment}' ({accounts} of its accounts were mailed)")
