"""What lifts a pause of the monitor: a person's resume, never an approval.

An edit of the play leaves a segment's prospects as they were, so a segment pause holds the new
version too; approving the version the monitor paused changes nothing, so it is refused and points
at `sdr resume`. Replies are real messages triaged by the real pipeline.
"""

import pytest

from sdr_assets.cli import app
from sdr_assets.domain.monitor import segment_key
from sdr_assets.playbook import load_plays
from tests.command_line import CommandLine
from tests.monitor_world import (REVOPS, deliver, new_account, not_interested_reply, one_segment_offended,
                                 outreach_job, query_warehouse, run_job, sent_count, sent_messages)


@pytest.mark.opening("revops_segment_offended")  # one segment's replies all negative, triaged
def test_an_approved_edit_keeps_the_offended_segment_paused_until_a_person_resumes(resources, instance, data_dir,
                                                                                    environ):
    resources, defs, target, other = one_segment_offended(resources)
    segment = segment_key(target)
    assert query_warehouse(resources, "select scope, scope_value from monitor_pauses where play = ?",
                           [REVOPS]) == [("segment", segment)]

    # A typo fixed in the last follow-up; the new version is reviewed and approved as the gate asks.
    path = resources["paths"].plays / f"{REVOPS}.yaml"
    path.write_text(path.read_text().replace("following up once on my note", "following up once about my note"))
    offended, spared = new_account(data_dir, "alpha", target), new_account(data_dir, "beta", other)
    assert run_job(defs, instance, "signals_job").success
    outreach_job(defs, instance, REVOPS)  # drafts the new version; the gate holds it
    version = load_plays(resources["paths"].plays).plays[REVOPS].version_hash
    approved = CommandLine().invoke(app, ["approve", REVOPS, "--version", version, "--by", "Dana Whitfield"],
                                  env=environ())
    assert approved.exit_code == 0, approved.output
    told = " ".join(approved.output.split())
    assert f"Segment '{segment}' stays paused by the monitor" in told and f"sdr resume {REVOPS}" in told, told
    outreach_job(defs, instance, REVOPS)
    sent_to = {s[2] for s in sent_messages(resources, REVOPS)}
    assert spared in sent_to, "the new version sends"
    assert offended not in sent_to, f"segment '{segment}' was paused by the monitor and is mailed again"

    resumed = CommandLine().invoke(app, ["resume", REVOPS, "--version", version, "--by", "Dana Whitfield"],
                                 env=environ())
    assert resumed.exit_code == 0, resumed.output
    assert run_job(defs, instance, "replies_job").success
    assert query_warehouse(resources, "select count(*) from monitor_pauses where play = ?", [REVOPS]) == [(1,)], \
        "the resume counts every version afresh: the old version's replies do not pause the segment again"


@pytest.mark.opening("revops_sent")
def test_approving_the_version_the_monitor_paused_is_refused_and_points_at_resume(defs, resources, instance,
                                                                                   environ):
    deliver(resources, [not_interested_reply(s) for s in sent_messages(resources, REVOPS)[:8]])
    assert run_job(defs, instance, "replies_job").success
    version = load_plays(resources["paths"].plays).plays[REVOPS].version_hash
    approved = CommandLine().invoke(app, ["approve", REVOPS, "--version", version, "--by", "Lee Ops"], env=environ())
    told = " ".join(approved.output.split())
    assert approved.exit_code == 1 and "is paused by the monitor" in told, told
    assert f"sdr resume {REVOPS} --version {version}" in told, told
    before = sent_count(resources, REVOPS)
    outreach_job(defs, instance, REVOPS)
    assert sent_count(resources, REVOPS) == before, "the play stays paused"
    assert [d for (d,) in query_warehouse(resources, "select decision from play_approvals where play = ? "
                                                     "order by decision_id",
                                          [REVOPS])] == ["approve"], "nothing recorded"
    revoked = CommandLine().invoke(app, ["revoke", REVOPS, "--version", version, "--by", "Lee Ops",
                                       "--note", "pulled while we read the replies"], env=environ())
    assert revoked.exit_code == 0, revoked.output
    again = CommandLine().invoke(app, ["approve", REVOPS, "--version", version, "--by", "Lee Ops"], env=environ())
    told = " ".join(again.output.split())
    assert again.exit_code == 0 and "The play stays paused by the monitor" in told, told
    assert f"sdr resume {REVOPS} --version {version}" in told, "approving after a revoke says the pause holds"
    outreach_job(defs, instance, REVOPS)
    assert sent_count(resources, REVOPS) == before, "still paused until a person resumes"
