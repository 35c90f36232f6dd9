"""A replies run on unchanged inputs is not launched; whatever a step reads that moved launches it.

Each step of ``replies_job`` tests its own inputs first (``unchanged_replies``): asked before the run,
an unchanged re-run costs no Dagster run, while a new reply, an opt-out, a person's action or time
passing where a step counts by the clock launches the whole run, whose tables then change.
"""

from __future__ import annotations

import dagster as dg
import pytest

from sdr_assets.runner import RunReport, run_replies
from tests.monitor_world import query_warehouse

REVOPS = "revops-hiring"


def _replies(defs: dg.Definitions, instance: dg.DagsterInstance, analytics: bool = True
             ) -> tuple[RunReport, list[dg.DagsterRun]]:
    """``run_replies`` once: its report and the runs it launched."""
    before = {run.run_id for run in instance.get_runs()}
    report = RunReport()
    run_replies(defs, instance, report, analytics)
    return report, [run for run in instance.get_runs() if run.run_id not in before]


@pytest.mark.opening("revops_sent")
def test_an_unchanged_rerun_launches_no_replies_run(defs, instance):
    _replies(defs, instance)
    report, launched = _replies(defs, instance)
    assert not launched and not report.runs and report.unchanged == ["replies_job"]
