"""The accountability loop end to end: replies trip the monitor, sends stop, a named person resumes.

Replies are real messages in the local reply mailbox, triaged by the real pipeline; nothing in
the warehouse is written by hand.
"""

import json
from datetime import UTC, datetime

import dagster as dg
import pytest

from resources.settings import SendPolicy
from resources.store import approvals
from sdr_assets import monitoring, stop_requests
from sdr_assets.assembly import build_definitions
from sdr_assets.cli import app
from sdr_assets.decisions import decide
from sdr_assets.domain.monitor import segment_key
from sdr_assets.jobs import TRIAGE_ASSETS
from sdr_assets.playbook import load_plays
from sdr_assets.play_graph import play_graph
from sdr_assets.runner import run_due
from tests.command_line import CommandLine
from tests.monitor_world import (
    REVOPS, SERIES_B, assert_sent, complaint_report, deliver, industries_of, new_account, not_interested_reply,
    offend_one_segment, one_segment_offended, outreach_job, query_warehouse, run_job, sent_count, sent_messages,
    strict_segments,
)


def _check(result, name):
    return next(e.event_specific_data for e in result.all_events
                if e.event_type_value == "ASSET_CHECK_EVALUATION" and e.event_specific_data.check_name == name)


def _triage(defs, instance):
    """The replies job as `sdr run` runs it before the plays send: triage and the monitor, no analytics."""
    return defs.resolve_job_def("replies_job").execute_in_process(
        instance=instance, raise_on_error=False, asset_selection=[dg.AssetKey(name) for name in TRIAGE_ASSETS])


def _failures(result) -> str:
    return "\n".join(str(e.event_specific_data.error) for e in result.all_events
                     if e.event_type_value == "STEP_FAILURE")


@pytest.mark.opening("revops_paused")  # eight "not interested" replies to its first emails, triaged
def test_negative_replies_pause_the_play_until_a_named_person_resumes_it(defs, resources, instance, environ):
    assert_sent(resources, REVOPS)
    pauses = query_warehouse(resources, "select scope, scope_value, message_ids, reason from monitor_pauses "
                                        "where play = ? and scope = 'play'", [REVOPS])
    assert len(pauses) == 1
    tripped_by = pauses[0][2].split()
    assert tripped_by and all(m.startswith("<no-") for m in tripped_by), "the replies that tripped it"
    play = load_plays(resources["paths"].plays).plays[REVOPS]
    with resources["warehouse"].connect() as con:
        assert approvals.approval_status(con, play).status == "paused_by_monitor"

    env = environ()
    listed = CommandLine().invoke(app, ["plays", "list"], env=env)
    assert "paused by monitor" in listed.output, listed.output
    as_json = json.loads(CommandLine().invoke(app, ["plays", "list", "--json"], env=env).output)
    row = next(p for p in as_json["plays"] if p["play"] == REVOPS)
    assert row["status"] == "paused_by_monitor" and row["monitor"]["message_ids"] == tripped_by

    before = sent_count(resources)
    held = outreach_job(defs, instance, REVOPS)
    check = _check(held, "play_monitor_check")
    assert not check.passed and check.metadata["status"].value == "paused by monitor"
    assert tripped_by[0] in check.metadata["replies_that_tripped_it"].value
    assert "sdr resume revops-hiring" in check.metadata["what_to_do"].value
    alone = dg.materialize([play_graph(REVOPS).sends], resources=resources, instance=instance,
                           raise_on_error=False)
    assert not alone.success and "is paused by monitor" in _failures(alone)
    assert sent_count(resources) == before

    resumed = CommandLine().invoke(app, ["resume", REVOPS, "--version", play.version_hash, "--by", "Lee Ops",
                                            "--note", "copy fixed"], env=env)
    assert resumed.exit_code == 0, resumed.output
    trail = CommandLine().invoke(app, ["plays", "history", REVOPS, "--json"], env=env)
    assert [d["decision"] for d in json.loads(trail.output)] == ["approve", "resume"]
    with resources["warehouse"].connect() as con:
        assert approvals.approval_status(con, play).status == "approved"
    assert _triage(defs, instance).success, "a new reading does not re-pause on old evidence"
    with resources["warehouse"].connect() as con:
        assert approvals.approval_status(con, play).status == "approved"


HOSTILE = [
    "This is spam. Reported.",
    "How did you get my email? This is harassment.",
    "Reported to Google as spam.",
    "Are you serious? This is the third time. Spam.",
    "What a tone-deaf email. We just had layoffs.",
    "Who gave you my number and email? This is illegal under GDPR.",
    "This is creepy. How do you know who we are hiring?",
    "Is this a joke? What is wrong with you people?",
]


def _hostile(send, text: str) -> bytes:
    raw = not_interested_reply(send).replace(b"No thanks, not interested.", text.encode())
    return raw.replace(b"<no-", b"<angry-")


@pytest.mark.opening("revops_sent")
def test_hostile_replies_pause_the_play_and_reach_a_person_with_no_pitch(defs, resources, instance):
    """Anger the labeller reads as questions: the monitor counts it, and nobody is offered a sale."""
    sends = sent_messages(resources, REVOPS)
    deliver(resources, [_hostile(s, text) for s, text in zip(sends, HOSTILE, strict=False)])
    assert run_job(defs, instance, "replies_job").success

    assert query_warehouse(resources, "select label, count(*) from reply_classifications where kind = 'human' "
                                      "group by all") == [("not_interested", len(HOSTILE))]
    by_segment = query_warehouse(resources, "select sum(negatives), sum(weighted) from monitor_readings "
                                            "where play = ? and scope = 'segment'", [REVOPS])
    assert by_segment == [(len(HOSTILE), 2.0 * len(HOSTILE))], "each weighs as much as a complaint"
    paused = query_warehouse(resources, "select scope, scope_value from monitor_pauses where play = ?", [REVOPS])
    assert ("play", REVOPS) in paused or len(paused) >= 2, f"the play or the segments that drew them: {paused}"
    queue = query_warehouse(resources, "select may_ask_to_stop, suggested_response from escalations where play = ?",
                            [REVOPS])
    assert len(queue) == len(HOSTILE) and all(stop and not answer for stop, answer in queue), queue
    assert query_warehouse(resources, "select positive_replies from reply_rate_summary where play = ?",
                           [REVOPS]) == [(0,)]


@pytest.mark.opening("revops_sent")
def test_a_play_paused_by_the_first_replies_run_sends_nothing_and_the_last_counts_the_replies(defs, resources,
                                                                                              instance):
    """`run_due` leaves the analytics out of its first replies run while a play is open to send; when
    that run pauses the play, the replies run after it still counts them."""
    assert_sent(resources, REVOPS)
    before, sent = len(instance.get_runs()), sent_count(resources)
    deliver(resources, [not_interested_reply(s) for s in sent_messages(resources, REVOPS)[:8]])
    report = run_due(defs, instance)
    assert not report.failed and REVOPS in report.held
    # A signals run is launched only when a signal file's hash is not yet trusted (``test_unchanged_signals``).
    launched = [r.job_name for r in reversed(instance.get_runs()[:-before])]
    assert [job for job in launched if job != "signals_job"] == ["replies_job", "replies_job"]
    assert sent_count(resources) == sent
    assert query_warehouse(resources, "select human_replies from reply_rate_summary where play = ?", [REVOPS]) == [(8,)]


@pytest.mark.opening("revops_sent")
def test_a_pause_is_announced_while_it_is_recorded_and_one_never_recorded_keeps_the_play_stopped(
        defs, resources, instance, environ, monkeypatch):
    """The monitor writes a stop request for the play it pauses while it records the pause, so a batch
    of the play holding the warehouse in another process would end after its message in flight. A
    monitor that dies in between leaves the request: the play sends nothing until the pause is
    recorded and a person resumes it."""
    assert_sent(resources, REVOPS)
    deliver(resources, [not_interested_reply(s) for s in sent_messages(resources, REVOPS)[:8]])
    folder = stop_requests.requests_folder(resources["warehouse"].path)
    recorded, seen = monitoring.append_pauses, []

    def dying(con, rows):
        raise OSError("the monitor died while it recorded its pauses")

    monkeypatch.setattr(monitoring, "append_pauses", dying)
    assert not _triage(defs, instance).success
    assert query_warehouse(resources, "select count(*) from monitor_pauses where play = ?", [REVOPS]) == [(0,)]
    left = stop_requests.pending(folder, REVOPS)
    assert (left.decision, left.decided_by) == ("pause", "the monitor")
    listed = " ".join(CommandLine().invoke(app, ["plays", "list"], env=environ()).output.split())
    assert f"{REVOPS} sends nothing: the monitor paused the play at" in listed, listed
    assert f"sdr resume {REVOPS} --version HASH --by NAME" in listed

    def watched(con, rows):
        seen.append([stop_requests.pending(folder, play) for play in (REVOPS, SERIES_B)])
        recorded(con, rows)

    monkeypatch.setattr(monitoring, "append_pauses", watched)
    assert _triage(defs, instance).success
    assert [request is not None for request in seen[0]] == [True, False], "announced while it was recorded"
    assert query_warehouse(resources, "select count(*) from monitor_pauses where play = ? and scope = 'play'",
                           [REVOPS]) == [(1,)]
    assert stop_requests.request_files(folder, REVOPS) == [], "the recorded pause covers the request left before"


def test_resume_needs_an_approved_version(resources, environ):
    version = load_plays(resources["paths"].plays).plays[REVOPS].version_hash
    result = CommandLine().invoke(app, ["resume", REVOPS, "--version", version, "--by", "Lee Ops"], env=environ())
    assert result.exit_code == 1 and "never approved" in result.output


def _segment_reading(resources, segment: str):
    return query_warehouse(resources, "select state, sends, negatives from monitor_readings where play = ? "
                                      "and scope = 'segment' and scope_value = ?", [REVOPS, segment])


@pytest.mark.opening("revops_segment_offended")  # one segment's replies all negative, triaged
def test_a_paused_segment_stops_only_its_accounts(resources, instance, data_dir):
    resources, defs, target, other = one_segment_offended(resources)
    assert query_warehouse(resources, "select scope, scope_value from monitor_pauses where play = ?",
                           [REVOPS]) == [("segment", segment_key(target))]

    offended, spared = new_account(data_dir, "alpha", target), new_account(data_dir, "beta", other)
    assert run_job(defs, instance, "signals_job").success
    result = outreach_job(defs, instance, REVOPS)
    check = _check(result, "play_monitor_check")
    assert result.success and not check.passed and check.severity == dg.AssetCheckSeverity.WARN, \
        "a paused segment warns (amber): it waits for a person and blocks nothing else"
    assert segment_key(target) in check.metadata["paused_segments"].value
    sent_to = {s[2] for s in sent_messages(resources, REVOPS)}
    assert spared in sent_to, "the rest of the play keeps sending"
    assert offended not in sent_to, "the paused segment does not"


@pytest.mark.opening("revops_segment_offended")  # one segment's replies all negative, triaged
def test_a_resume_taken_in_the_demo_lifts_no_segment_pause_on_a_live_warehouse(resources, instance, data_dir):
    resources, defs, target, _ = one_segment_offended(resources)
    segment = segment_key(target)
    paused = _segment_reading(resources, segment)
    assert paused[0][0] == "paused" and paused[0][2] > 0

    play = load_plays(resources["paths"].plays).plays[REVOPS]
    decide(REVOPS, "resume", "Dana Whitfield", "", play.version_hash, warehouse_path=resources["warehouse"].path,
           plays_dir=resources["paths"].plays_dir, mode="demo", now=datetime(2026, 11, 20, 13, tzinfo=UTC))
    assert _triage(defs, instance).success
    assert _segment_reading(resources, segment) == paused, "the monitor does not count afresh"
    assert query_warehouse(resources, "select count(*) from monitor_pauses where play = ?", [REVOPS]) == [(1,)]

    offended = new_account(data_dir, "alpha", target)
    assert run_job(defs, instance, "signals_job").success
    result = outreach_job(defs, instance, REVOPS)
    assert segment in _check(result, "play_monitor_check").metadata["paused_segments"].value
    assert offended not in {s[2] for s in sent_messages(resources, REVOPS)}, "the segment stays paused"


@pytest.mark.opening("revops_sent")
def test_a_segment_keeps_its_sends_after_their_signals_age_out(resources, instance):
    """revops-hiring's trigger takes signals up to 30 days old: 40 days on, its accounts have left
    ``enriched_accounts``, and the replies to their messages still count against their segment."""
    assert_sent(resources, REVOPS)
    industry = industries_of(resources)
    recorded = query_warehouse(resources, "select company_domain, segment from send_ledger where play = ?", [REVOPS])
    assert recorded and all(segment == segment_key(industry[domain]) for domain, segment in recorded)
    later = strict_segments(resources, now="2027-01-01T09:00:00+00:00")
    assert run_job(build_definitions(later), instance, "signals_job").success
    assert not set(industry) & set(industries_of(resources)), "aged out"

    target, _ = offend_one_segment(later, instance, industry)
    assert query_warehouse(resources, "select scope, scope_value from monitor_pauses where play = ?",
                           [REVOPS]) == [("segment", segment_key(target))]


@pytest.mark.opening("two_plays_sent")
def test_complaints_on_one_mailbox_pause_that_mailbox_only(resources, instance):
    # Three complaints on a handful of sends would trip the play monitor too; this test is about the guard.
    resources = {**resources, "policy": SendPolicy(now_override=resources["policy"].now_override,
                                                   postal_address=resources["policy"].postal_address,
                                                   monitor_threshold=1000.0, monitor_segment_threshold=1000.0)}
    defs = build_definitions(resources)
    assert_sent(resources, REVOPS, SERIES_B)
    revops = sent_messages(resources, REVOPS)
    deliver(resources, [complaint_report(revops[0])])
    assert _triage(defs, instance).success
    warned = _check(outreach_job(defs, instance, REVOPS), "deliverability_guard")
    assert "0.17% over the floor of 595 sends" in warned.description, warned.description
    assert "over at least 595 sends" in warned.metadata["lines"].value, "the check shows the floor it judged on"
    assert warned.passed and warned.description.startswith("warning:"), (
        "one complaint over a new mailbox's floor (595, all its warm-up lets it send in 14 days): 0.17 % warns")
    deliver(resources, [complaint_report(revops[1])])
    assert _triage(defs, instance).success

    events = query_warehouse(resources, "select event, scope, scope_value from monitor_pauses where scope in "
                                        "('mailbox', 'domain')")
    assert events == [("pause", "mailbox", "sam@outreach.example")]
    held = outreach_job(defs, instance, REVOPS)
    guard = _check(held, "deliverability_guard")
    assert not guard.passed and "sam@outreach.example" in guard.description
    assert "complaints" in guard.description and "Read the complaints" in guard.description
    alone = dg.materialize([play_graph(REVOPS).sends], resources=resources, instance=instance,
                           raise_on_error=False)
    assert not alone.success and "sending paused: mailbox sam@outreach.example" in _failures(alone)
    other = outreach_job(defs, instance, SERIES_B)
    assert _check(other, "deliverability_guard").passed, "jordan@ keeps sending"
