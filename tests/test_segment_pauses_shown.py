"""A segment the monitor paused is told where a person looks: `sdr plays list` and `sdr status`,
as tables and as JSON, name the segment, why (with the figures), since when and the command that
resumes it; the monitor's check on the play warns while the rest of the play sends."""

import json

import dagster as dg
import pytest

from sdr_assets.cli import app
from sdr_assets.domain.monitor import segment_key
from sdr_assets.playbook import load_plays
from sdr_assets.runner import RunReport, run_outreach
from tests.command_line import CommandLine
from tests.monitor_world import REVOPS, one_segment_offended, query_warehouse


def _cli(env, *args):
    result = CommandLine().invoke(app, list(args), env=env)
    assert result.exit_code == 0, result.output
    return result.output


@pytest.mark.opening("revops_segment_offended")  # one segment's replies all negative, triaged
def test_a_paused_segment_is_listed_with_its_reason_and_resume_command(resources, instance, environ):
    resources, _, target, _ = one_segment_offended(resources)
    segment = segment_key(target)
    (paused_at, sends, negatives), = query_warehouse(
        resources, "select recorded_at, sends, negatives from monitor_pauses where play = ? and scope = 'segment'",
        [REVOPS])
    version = load_plays(resources["paths"].plays).plays[REVOPS].version_hash
    resume = f'sdr resume {REVOPS} --version {version} --by "Your Name"'
    env = environ()

    listed = json.loads(_cli(env, "plays", "list", "--json"))
    status = json.loads(_cli(env, "status", "--json"))
    for rows in (listed["plays"], status["plays"]):
        row = next(p for p in rows if p["play"] == REVOPS)
        assert row["status"] == "approved", "the rest of the play still sends"
        (pause,) = row["segment_pauses"]
        assert (pause["segment"], pause["sends"], pause["negatives"]) == (segment, sends, negatives)
        assert pause["paused_at"] == str(paused_at) and pause["message_ids"]
        assert f"all {sends} sends counted: {negatives} negative verdicts" in pause["reason"]
        assert pause["resume"].startswith(resume), pause["resume"]

    for text in (_cli(env, "plays", "list"), _cli(env, "status")):
        assert f"segment '{segment}' paused by monitor since {paused_at}" in text, text
        assert f"all {sends} sends counted: {negatives} negative verdicts" in text
        assert any(line.strip().startswith(resume) for line in text.splitlines()), text


@pytest.mark.opening("revops_segment_offended")  # one segment's replies all negative, triaged
def test_a_paused_segment_warns_in_the_check_without_holding_the_play(resources, instance):
    resources, defs, target, _ = one_segment_offended(resources)
    report = RunReport()
    run_outreach(defs, instance, report, analytics=False)
    assert REVOPS not in report.gate_closed, "the rest of the play sent: its gate is not closed"
    assert not report.failed, report.reasons
    record = instance.get_latest_asset_check_evaluation_record(
        dg.AssetCheckKey(dg.AssetKey([REVOPS, "message_drafts"]), "play_monitor_check"))
    check = record.event.dagster_event.asset_check_evaluation_data
    assert not check.passed and check.severity == dg.AssetCheckSeverity.WARN, (check.passed, check.severity)
    assert segment_key(target) in check.description
