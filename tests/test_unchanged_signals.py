"""A signals run on unchanged inputs is not launched; whatever a step reads that moved launches it.

Each step of ``signals_job`` tests its own inputs first (``unchanged_signals``): asked before the run,
an unchanged re-run costs no Dagster run, a decision taken since refreshes ``play_versions`` alone,
and a new file or a new day runs every step.
"""

from __future__ import annotations

import os

import dagster as dg
import pytest

from resources.defaults import build_resources
from sdr_assets.assembly import build_definitions
from sdr_assets.runner import RunReport, run_due, run_signals
from tests.approving import approve
from tests.monitor_world import query_warehouse

SERIES_B = "series-b-funding"


def _signals(defs: dg.Definitions, instance: dg.DagsterInstance) -> tuple[RunReport, list[dg.DagsterRun]]:
    """``run_signals`` once: its report and the runs it launched."""
    before = {run.run_id for run in instance.get_runs()}
    report = RunReport()
    run_signals(defs, instance, report)
    return report, [run for run in instance.get_runs() if run.run_id not in before]


def _settled(defs: dg.Definitions, resources: dict, instance: dg.DagsterInstance) -> None:
    """The opening's signal files aged past the file clock's racy window, and read once so: a file hashed
    within 2 seconds of its last change is hashed again by the next run (``file_clock``), which a
    test run that follows the opening's closely would otherwise meet."""
    for path in resources["paths"].signals.iterdir():
        stat = path.stat()
        os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns - 10 * 10**9))
    _signals(defs, instance)


@pytest.mark.opening("revops_sent")
def test_an_unchanged_rerun_launches_no_signals_run(defs, resources, instance):
    _settled(defs, resources, instance)
    report, launched = _signals(defs, instance)
    assert not launched and not report.runs and report.unchanged == ["signals_job"]


@pytest.mark.opening("revops_sent")
def test_sdr_run_says_the_signals_run_was_not_launched(defs, resources, instance):
    _settled(defs, resources, instance)
    said: list[str] = []
    run_due(defs, instance, said.append)
    assert "signals: every step's inputs as it left them, no run launched" in said
    assert all(job != "signals_job" for job, _, _ in run_due(defs, instance).runs)


@pytest.mark.opening("revops_sent")
def test_a_decision_since_refreshes_play_versions_alone(defs, resources, instance):
    _settled(defs, resources, instance)
    approve(resources, SERIES_B)
    report, [run] = _signals(defs, instance)
    assert report.runs == [("signals_job", "", True)]
    assert run.asset_selection == {dg.AssetKey("play_versions")}
    assert query_warehouse(resources, "select status from play_versions where play = ?", [SERIES_B]) == [("approved",)]
    again, launched = _signals(defs, instance)
    assert not launched and again.unchanged == ["signals_job"]


@pytest.mark.opening("revops_sent")
def test_a_new_signal_file_runs_every_step(defs, resources, instance):
    inbox = resources["paths"].signals
    line = (inbox / "signals_jobs.jsonl").read_text().splitlines()[0]
    (inbox / "signals_late.jsonl").write_text(line.replace('"signal_id": "', '"signal_id": "late-') + "\n")
    report, [run] = _signals(defs, instance)
    assert report.runs == [("signals_job", "", True)] and not report.unchanged
    assert not run.asset_selection  # the whole job
    assert query_warehouse(resources, "select count(*) from signal_files where file = 'signals_late.jsonl'") == [(1,)]


@pytest.mark.opening("revops_sent")
def test_the_next_day_runs_every_step(environ, instance):
    """Research counts a signal's age in whole days, and the raw signals' suite judges ages from the day."""
    tomorrow = build_definitions(build_resources(environ(SDR_NOW="2026-11-21T09:00:00+00:00")))
    report, [run] = _signals(tomorrow, instance)
    assert report.runs == [("signals_job", "", True)] and not run.asset_selection  # the whole job


@pytest.mark.opening("revops_sent")
def test_a_signal_file_rewritten_at_its_size_and_time_runs_every_step(defs, resources, instance):
    """A corrected export copied over the file with its size and time kept (``cp -p``, ``rsync -t``)."""
    _settled(defs, resources, instance)
    path = resources["paths"].signals / "signals_jobs.jsonl"
    before = path.stat()
    [domain] = query_warehouse(resources, "select company_domain from raw_signals where source_file = ? "
                                          "order by source_line limit 1", [path.name])[0]
    corrected = domain[:-1] + ("x" if domain[-1] != "x" else "y")
    path.write_text(path.read_text().replace(f'"{domain}"', f'"{corrected}"'))
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert (path.stat().st_size, path.stat().st_mtime_ns) == (before.st_size, before.st_mtime_ns)
    report, [run] = _signals(defs, instance)
    assert report.runs == [("signals_job", "", True)] and not run.asset_selection
    assert query_warehouse(resources, "select count(*) from raw_signals where company_domain = ?", [corrected]) \
        != [(0,)]
