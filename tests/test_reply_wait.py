"""Which replies run a wait for the replies is tied to, and only while that run is fresh."""

import time
from datetime import timedelta

import dagster as dg
import pytest

from sdr_assets.reply_wait import RepliesRun, explaining_run
from tests.memory_instance import memory_instance


@pytest.fixture
def instance():
    with memory_instance() as instance:
        yield instance

BOUND = timedelta(minutes=5)
LATER = BOUND.total_seconds() + 1  # seconds past the bound


@dg.asset(name="raw_replies")
def mailbox_read(context: dg.AssetExecutionContext) -> None:
    if context.run.tags.get("mailbox") == "down":
        raise dg.Failure(description="replies could not be read")


JOB = dg.define_asset_job("replies_job", selection=[mailbox_read])
DEFS = dg.Definitions(assets=[mailbox_read], jobs=[JOB])


def _run(instance: dg.DagsterInstance, mailbox: str) -> dg.ExecuteInProcessResult:
    return DEFS.resolve_job_def("replies_job").execute_in_process(instance=instance, tags={"mailbox": mailbox},
                                                                  raise_on_error=False)


def test_no_replies_run_or_a_succeeded_one_explains_nothing(instance):
    assert explaining_run(instance, time.time(), BOUND) == "no replies run reads them"
    assert explaining_run(None, time.time(), BOUND) == "no replies run reads them"
    _run(instance, "up")
    said = explaining_run(instance, time.time(), BOUND)
    assert isinstance(said, str) and "did not read them" in said and ": success" not in said


def test_a_failed_replies_run_explains_the_lag_only_while_recent(instance):
    failed = _run(instance, "down")
    run = explaining_run(instance, time.time(), BOUND)
    assert isinstance(run, RepliesRun) and run.run_id == failed.run_id and run.status == "failure"
    old = explaining_run(instance, time.time() + LATER, BOUND)
    assert isinstance(old, str) and f"replies_job run {failed.run_id[:8]} (failure" in old
    assert "older than the 5 min" in old


def test_a_queued_run_explains_the_lag_and_one_left_started_stops_explaining_past_the_bound(instance):
    queued = instance.create_run_for_job(DEFS.resolve_job_def("replies_job"))  # the sensor's, not started
    run = explaining_run(instance, time.time(), BOUND)
    assert isinstance(run, RepliesRun) and run.run_id == queued.run_id and run.status == "queued"
    stuck = instance.create_run_for_job(DEFS.resolve_job_def("replies_job"), status=dg.DagsterRunStatus.STARTED)
    run = explaining_run(instance, time.time(), BOUND)
    assert isinstance(run, RepliesRun) and run.run_id == stuck.run_id and run.status == "started"
    left = explaining_run(instance, time.time() + LATER, BOUND)
    assert isinstance(left, str) and f"{stuck.run_id[:8]} (started" in left and "older than" in left
    assert isinstance(explaining_run(instance, time.time(), timedelta(0)), str), "no lag allowed: no green wait"
    ahead = explaining_run(instance, time.time() - 120, BOUND)  # the clock set back since it was recorded
    assert isinstance(ahead, str) and "later than the clock reads" in ahead


def test_a_started_run_is_aged_from_its_last_event_not_its_start(instance):
    second = timedelta(seconds=1)
    reading = instance.create_run_for_job(DEFS.resolve_job_def("replies_job"), status=dg.DagsterRunStatus.STARTED)
    time.sleep(1.1)
    instance.report_engine_event("still reading the backlog", reading)  # a slow read, alive
    run = explaining_run(instance, time.time(), second)
    assert isinstance(run, RepliesRun) and run.run_id == reading.run_id, "a run that works explains the lag"
    time.sleep(1.1)  # nothing since: its process was killed
    left = explaining_run(instance, time.time(), second)
    assert isinstance(left, str) and f"{reading.run_id[:8]} (started" in left and "older than" in left
