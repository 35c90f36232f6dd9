"""What `run_due` asks of Dagster beyond its runs: nothing it does not run is built."""

import dagster as dg
import pytest

from sdr_assets.assembly import build_definitions
from sdr_assets.play_graph import ANALYTICS, play_graph, play_names, sends_keys
from sdr_assets.runner import RunReport, run_due, run_outreach

PLAYS = ["revops-hiring", "series-b-funding", "data-stack-adopters"]


def test_sends_keys_are_the_outreach_jobs_assets_but_the_analytics(defs, resources):
    assert sorted(play_names(resources["paths"].plays)) == sorted(PLAYS)
    for play in PLAYS:
        graph = play_graph(play)
        assert sends_keys(play) == [*(a.key for a in graph.assets), dg.AssetKey("send_ledger")]
        job = defs.resolve_job_def(graph.job_name)
        assert set(job.asset_layer.executable_asset_keys) == {*sends_keys(play), *map(dg.AssetKey, ANALYTICS)}


@pytest.mark.opening("revops_sent")
def test_a_run_builds_only_the_jobs_it_launches(defs, instance, monkeypatch):
    def every_job(self):
        raise AssertionError("run_due resolved every job of the definitions")

    monkeypatch.setattr(dg.Definitions, "resolve_all_job_defs", every_job)
    report = run_due(defs, instance)
    assert not report.failed
    assert ("outreach_revops_hiring", "revops-hiring", True) in report.runs


@pytest.mark.opening("revops_sent")
def test_a_play_the_definitions_do_not_hold_yet_waits_for_the_next_load(resources, instance):
    defs = build_definitions(resources, play_list=["revops-hiring", "series-b-funding"])
    report = RunReport()
    run_outreach(defs, instance, report, analytics=False)
    assert report.held["data-stack-adopters"] == (
        "data-stack-adopters: its play file is newer than the definitions; run again to load it")
    assert [job for job, _, _ in report.runs] == ["outreach_revops_hiring"]
    assert not report.failed
