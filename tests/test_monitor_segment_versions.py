"""A segment's evidence outlives an edit of the play.

An approved edit starts the copy's own count afresh, but the segment's prospects are the same
people: the refusals its earlier versions drew stay in the segment's reading until a person resumes
the play. Replies are real messages triaged by the real pipeline.
"""

import pytest

from resources.settings import SendPolicy
from sdr_assets.assembly import build_definitions
from sdr_assets.cli import app
from sdr_assets.playbook import load_plays
from tests.command_line import CommandLine
from tests.monitor_world import (REVOPS, deliver, industries_of, new_account, not_interested_reply, outreach_job,
                                 query_warehouse, run_job, sent_messages)

SEGMENT = "Fintech"


EDITED = "2026-11-20T13:00:00+00:00"


def _segment_threshold(resources: dict, threshold: float, now: str | None = None) -> dict:
    """Resources whose monitor pauses a segment at ``threshold`` and the play on no evidence it will see."""
    policy = SendPolicy(now_override=now or resources["policy"].now_override,
                        postal_address=resources["policy"].postal_address, monitor_threshold=1000.0,
                        monitor_segment_threshold=threshold)
    return {**resources, "policy": policy}


def _segment_pauses(resources) -> list[tuple[str, str, str]]:
    return query_warehouse(resources, "select scope_value, play_version, message_ids from monitor_pauses "
                                      "where play = ? and scope = 'segment'", [REVOPS])


@pytest.mark.opening("revops_sent")
def test_an_approved_edit_does_not_wipe_a_segments_refusals(resources, instance, data_dir, environ):
    # Three refusals (evidence 2.7) stay under the line of 4; two more under an edit cross it.
    edit = _segment_threshold(resources, 4.0, EDITED)
    resources = _segment_threshold(resources, 4.0)
    defs = build_definitions(resources)
    industry = industries_of(resources)
    first = [s for s in sent_messages(resources, REVOPS) if industry[s[5]] == SEGMENT]
    assert len(first) == 3
    deliver(resources, [not_interested_reply(s) for s in first])
    assert run_job(defs, instance, "replies_job").success
    assert _segment_pauses(resources) == [], "three refusals stay under the segment's line"

    # Four hours on, a typo fixed in the last follow-up; the new version is reviewed and approved.
    path = resources["paths"].plays / f"{REVOPS}.yaml"
    path.write_text(path.read_text().replace("following up once on my note", "following up once about my note"))
    added = {new_account(data_dir, tag, SEGMENT) for tag in ("gamma", "delta")}
    defs = build_definitions(edit)
    assert run_job(defs, instance, "signals_job").success
    outreach_job(defs, instance, REVOPS)
    version = load_plays(resources["paths"].plays).plays[REVOPS].version_hash
    approved = CommandLine().invoke(app, ["approve", REVOPS, "--version", version, "--by", "Dana Whitfield"],
                                  env=environ(SDR_NOW=EDITED))
    assert approved.exit_code == 0, approved.output
    outreach_job(defs, instance, REVOPS)
    edited = [s for s in sent_messages(resources, REVOPS) if s[2] in added]
    assert len(edited) == 2, "the edit mails the segment's new accounts"

    deliver(resources, [not_interested_reply(s) for s in edited])
    assert run_job(defs, instance, "replies_job").success
    paused = _segment_pauses(resources)
    assert [(segment, on) for segment, on, _ in paused] == [("fintech", version)], \
        "the segment's refusals to the earlier version count with the edit's"
    tripped_by = set(paused[0][2].split())
    assert tripped_by == {f"<no-{s[1].strip('<>')}>" for s in first + edited}, "the replies to both versions"
