"""The freshness sensor launches a run only when an analytics step's own test says it would write.

A signals run or a play's sends that change nothing the analytics count ask for no run; a decision,
which moves a play's state in the summary, asks for them before any other run. While a run is under
way none is asked for, and a run of the same state is asked for again later each time.
"""

from __future__ import annotations

import os
from datetime import datetime, timedelta

import dagster as dg
import pytest

from resources.defaults import build_resources
from sdr_assets.assembly import build_definitions
from sdr_assets.play_graph import ANALYTICS
from sdr_assets.runner import RunReport, run_replies, run_signals
from sensors.freshness import BATCH_TAG
from tests.approving import approve
from tests.conftest import RUN_NOW
from tests.freshness_ticks import freshness_tick

REVOPS, WAITING = "revops-hiring", "data-stack-adopters"


def _asked(result) -> list[dg.RunRequest]:
    return [] if isinstance(result, dg.SkipReason) else list(result.run_requests)


def _settled(defs: dg.Definitions, instance: dg.DagsterInstance) -> None:
    run_replies(defs, instance, RunReport())
    assert not _asked(freshness_tick(defs, instance)), "precondition: the analytics count everything as it is"


@pytest.mark.opening("revops_sent")
def test_a_signals_run_that_changes_nothing_counted_asks_for_no_analytics_run(defs, resources, instance):
    """A new file holding a signal already read: the signals run reads it, the replies run is spared,
    and the qualified signals, accounts and drafts the funnel counts are as they were."""
    _settled(defs, instance)
    inbox = resources["paths"].signals
    again = inbox / "again.jsonl"
    again.write_text((inbox / "signals_news.jsonl").read_text().splitlines()[0] + "\n")
    os.utime(again, ns=(again.stat().st_atime_ns, again.stat().st_mtime_ns - 60 * 10**9))
    report = RunReport()
    run_signals(defs, instance, report)
    run_replies(defs, instance, report)
    assert report.runs == [("signals_job", "", True)] and report.unchanged == ["replies_job"]
    result = freshness_tick(defs, instance)
    assert isinstance(result, dg.SkipReason) and "as it is now" in result.skip_message


@pytest.mark.opening("revops_sent")
def test_a_plays_sends_that_sent_nothing_ask_for_no_analytics_run(defs, instance):
    _settled(defs, instance)
    sends = defs.resolve_implicit_global_asset_job_def().execute_in_process(
        instance=instance, asset_selection=[dg.AssetKey([REVOPS, "send_ledger"])])
    assert sends.success
    assert not _asked(freshness_tick(defs, instance)), \
        "every due email went out in the opening: the ledger is as counted"


@pytest.mark.opening("revops_sent")
def test_a_decision_asks_for_the_analytics_before_any_run_and_once(defs, resources, instance):
    """The waiting play's state in the summary moves with its approval, with no table but the
    decisions written: the counts and the snapshot are asked for, not the ledger no play's sends moved."""
    _settled(defs, instance)
    approve(resources, WAITING)
    [request] = _asked(first := freshness_tick(defs, instance))
    assert set(request.asset_selection) == {dg.AssetKey(name) for name in ANALYTICS}
    assert request.run_key == _asked(freshness_tick(defs, instance, first.cursor))[0].run_key, \
        "the same state, the same key"
    run = defs.resolve_job_def("analytics_job").execute_in_process(
        instance=instance, asset_selection=list(request.asset_selection), tags=request.tags)
    assert run.success
    assert not _asked(freshness_tick(defs, instance, first.cursor))


@pytest.mark.opening("revops_sent")
def test_no_run_is_asked_for_while_another_is_under_way(defs, resources, instance):
    _settled(defs, instance)
    approve(resources, WAITING)
    under_way = instance.create_run_for_job(defs.resolve_job_def("replies_job"), status=dg.DagsterRunStatus.STARTED)
    result = freshness_tick(defs, instance)
    assert isinstance(result, dg.SkipReason) and under_way.run_id[:8] in result.skip_message
    instance.report_run_failed(under_way)
    assert _asked(freshness_tick(defs, instance))


@pytest.mark.opening("revops_sent")
def test_a_run_never_submitted_holds_no_analytics_run(defs, resources, instance):
    """A run Dagster created and never submitted (left 'not started': the daemon stopped mid-tick, or
    its submission failed twice) is submitted only when its sensor asks again; it writes nothing
    meanwhile, so the analytics do not wait on it for ever."""
    _settled(defs, instance)
    approve(resources, WAITING)
    instance.create_run_for_job(defs.resolve_job_def("signals_job"), status=dg.DagsterRunStatus.NOT_STARTED)
    assert _asked(freshness_tick(defs, instance))


@pytest.mark.opening("revops_sent")
def test_a_run_that_left_the_analytics_due_is_asked_for_again_later_each_time(defs, resources, instance, environ):
    _settled(defs, instance)
    approve(resources, WAITING)
    first = freshness_tick(defs, instance)
    [request] = _asked(first)
    instance.create_run_for_job(defs.resolve_job_def("analytics_job"), tags=request.tags,
                                status=dg.DagsterRunStatus.FAILURE)
    waiting = freshness_tick(defs, instance, first.cursor)
    assert not waiting.run_requests and "asked for at" in waiting.skip_reason.skip_message
    minute_on = datetime.fromisoformat(RUN_NOW) + timedelta(seconds=61)
    later = build_definitions(build_resources(environ(SDR_NOW=minute_on.isoformat())))
    [again] = _asked(freshness_tick(later, instance, waiting.cursor))
    assert again.tags[BATCH_TAG] == request.tags[BATCH_TAG] and again.run_key != request.run_key
