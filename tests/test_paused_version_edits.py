"""A monitor pause of a play version that an edit left behind reaches its owner and its approver."""

import json
from email import message_from_bytes, policy

import pytest

from sdr_assets.assembly import build_definitions
from sdr_assets.cli import app
from sdr_assets.playbook import load_plays
from tests.command_line import CommandLine
from tests.monitor_world import (  # noqa: F401 (smtp: a fixture)
    REVOPS, deliver, give_owner_an_address, not_interested_reply, over_smtp, query_warehouse, run_job, sent_messages,
    smtp,
)


def _edit_then_trip(data_dir, instance, smtp):
    """The approved version sent; a one-word edit waits for review; replies to the sent version trip it."""
    give_owner_an_address(data_dir)
    resources = over_smtp(data_dir, smtp.port)
    path = resources["paths"].plays / f"{REVOPS}.yaml"
    path.write_text(path.read_text().replace("following up once on my note", "following up once about my note"))
    deliver(resources, [not_interested_reply(s) for s in sent_messages(resources, REVOPS)[:8]])
    assert run_job(build_definitions(resources), instance, "replies_job").success
    assert query_warehouse(resources, "select event, scope from monitor_pauses where play = ?", [REVOPS]) == [
        ("pause", "play")], "precondition: the monitor paused the version that sent"
    return resources


@pytest.mark.opening("revops_sent")
def test_a_pause_of_the_version_that_sent_reaches_its_owner_though_the_file_was_edited(data_dir, instance, smtp):
    resources = _edit_then_trip(data_dir, instance, smtp)
    assert len(smtp.handler.delivered) == 1, "the owner hears the monitor paused the copy her prospects rejected"
    (paused,), = query_warehouse(resources, "select play_version from monitor_pauses where play = ?", [REVOPS])
    edit = load_plays(resources["paths"].plays).plays[REVOPS].version_hash
    body = " ".join(message_from_bytes(smtp.handler.delivered[0]["raw"], policy=policy.default).get_content().split())
    assert f"(version {paused})" in body and f"version {edit}, an edit of it, waits for review" in body
    assert f"--version {edit} --by \"Your Name\" --note \"why\" --over-pause {paused}" in body
    assert "sdr resume" not in body, "no resume can name a version the file no longer holds"


@pytest.mark.opening("revops_sent")
def test_approving_an_edit_of_a_paused_version_tells_the_approver_and_status_of_the_pause(data_dir, instance, smtp,
                                                                                          environ):
    resources = _edit_then_trip(data_dir, instance, smtp)
    version = load_plays(resources["paths"].plays).plays[REVOPS].version_hash
    (paused,), = query_warehouse(resources, "select play_version from monitor_pauses where play = ?", [REVOPS])
    status = json.loads(CommandLine().invoke(app, ["status", "--json"], env=environ()).output)
    (shown,) = [p for p in status["plays"] if p["play"] == REVOPS]
    assert [e["version"] for e in shown["earlier_version_pauses"]] == [paused], \
        "`sdr status` names the monitor's pause of the version the edit replaces"

    # The refusal is what shows the approver the pause before the edit sends with the evidence reset.
    refused = CommandLine().invoke(app, ["approve", REVOPS, "--version", version, "--by", "Lee Ops"], env=environ())
    told = " ".join(refused.output.split())
    assert refused.exit_code == 1 and f"the monitor paused version {paused}" in told and "Figures:" in told, told
    assert f"--over-pause {paused}" in told
    assert query_warehouse(resources, "select count(*) from play_approvals where version_hash = ?", [version]) == [(0,)]

    approved = CommandLine().invoke(app, ["approve", REVOPS, "--version", version, "--by", "Lee Ops",
                                        "--over-pause", paused], env=environ())
    assert approved.exit_code == 0, approved.output
    assert f"the monitor paused version {paused}" in " ".join(approved.output.split())
    (note,), = query_warehouse(resources, "select note from play_approvals where version_hash = ?", [version])
    assert f"approved over the monitor's pause 1 of version {paused}" in note
