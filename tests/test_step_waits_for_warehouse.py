"""A run's step that finds the warehouse held by another process past the lock timeout waits for
it, saying once who holds it, instead of failing the run; a holder that outlasts the wait fails it
in one line, and terminating the run ends the wait at once."""

from __future__ import annotations

import logging
import os
import signal
import time
from pathlib import Path

import dagster as dg
import pytest

from resources.defaults import build_resources
from resources.warehouse import Warehouse
from sdr_assets.assembly import build_definitions
from sdr_assets.play_state import CLEARS_ITSELF
from sensors.release_runs import refused
from tests.conftest import environ_for
from tests.warehouse_holder import held, let_go, once_step_waited

LOCK_TIMEOUT = 0.5  # the warehouse's own wait (a minute outside the tests)
# How long the holder keeps the file once the step's own wait began: into two of its quarter-second tries.
HELD_ON = 0.3


def _run(root: Path, instance: dg.DagsterInstance, **settings: str) -> dg.ExecuteInProcessResult:
    resources = build_resources(environ_for(root, **settings))
    resources["warehouse"] = Warehouse(**{**resources["warehouse"].model_dump(), "lock_timeout_seconds": LOCK_TIMEOUT})
    job = build_definitions(resources, play_list=[]).resolve_job_def("optouts_job")
    return job.execute_in_process(instance=instance, raise_on_error=False)


def _interrupt() -> None:
    os.kill(os.getpid(), signal.SIGINT)


@pytest.fixture
def root(tmp_path) -> Path:
    return tmp_path / "data"


def test_a_run_whose_step_meets_the_warehouse_held_past_the_lock_timeout_waits_and_succeeds(root, instance):
    root.mkdir()
    with held(root / "warehouse.duckdb") as holder, once_step_waited(root, LOCK_TIMEOUT, HELD_ON, let_go(holder)):
        started = time.monotonic()
        result = _run(root, instance)
    assert result.success, "a run that waited for another process is no failure"
    assert time.monotonic() - started > LOCK_TIMEOUT + HELD_ON, "it waited past the lock timeout"
    assert not [e for e in result.all_events if e.is_step_failure]
    (told,) = [e for e in instance.all_logs(result.run_id) if f"process {holder.pid} (" in e.user_message]
    assert told.level == logging.WARNING, "said once, as a warning, not an error"
    assert told.user_message.startswith(f"The warehouse {root / 'warehouse.duckdb'} is held by process {holder.pid} (")
    assert "This step waits for it, up to 60 min more (SDR_WAREHOUSE_WAIT_MINUTES)" in told.user_message
    assert {m.asset_key.to_user_string() for m in result.get_asset_materialization_events()} == {
        "suppression_events", "suppression_list", "monitor_readings", "monitor_pauses", "pause_notices"}


def test_a_holder_the_send_batch_took_the_send_lock_for_is_named_as_the_send_batch(root, instance):
    from sdr_assets.send_guard import send_lock_path

    root.mkdir()
    with held(root / "warehouse.duckdb") as holder, once_step_waited(root, LOCK_TIMEOUT, HELD_ON, let_go(holder)):
        send_lock_path(str(root / "warehouse.duckdb")).write_text(f"{holder.pid}\n")
        result = _run(root, instance)
    assert result.success
    (told,) = [e.user_message for e in instance.all_logs(result.run_id) if f"process {holder.pid} (" in e.user_message]
    assert told.startswith(f"The warehouse {root / 'warehouse.duckdb'} is held by the send batch in process "
                           f"{holder.pid} (")


def test_a_holder_that_outlasts_the_step_wait_fails_the_run_in_one_line_and_the_run_is_asked_for_again(
        root, instance):
    root.mkdir()
    with held(root / "warehouse.duckdb") as holder:
        started = time.monotonic()
        result = _run(root, instance, SDR_WAREHOUSE_WAIT_MINUTES="0.01")  # 0.6 s
    assert time.monotonic() - started >= LOCK_TIMEOUT + 0.6, "the step waited its whole wait"
    assert not result.success
    (failure,) = [e for e in result.all_events if e.is_step_failure]
    refusal = failure.step_failure_data.user_failure_data
    assert refusal is not None, "a refusal, shown as its one line, not an error's stack trace"
    assert refusal.description.startswith(f"the warehouse {root / 'warehouse.duckdb'} is held by process "
                                          f"{holder.pid} (")
    assert "within 1.1 s" in refusal.description and "\n" not in refusal.description
    assert refusal.metadata[CLEARS_ITSELF].value is True
    assert refused(instance, result.run_id) is None, "a held warehouse passes: the sensor asks for the run again"
    (told,) = [e for e in instance.all_logs(result.run_id) if "This step waits for it" in e.user_message]
    assert "up to 0.01 min more" in told.user_message


def test_terminating_a_run_that_waits_for_the_warehouse_ends_the_wait_at_once(root, instance):
    root.mkdir()
    with held(root / "warehouse.duckdb"), once_step_waited(root, LOCK_TIMEOUT, HELD_ON, _interrupt):
        started = time.monotonic()
        stopped = _run(root, instance)
    assert time.monotonic() - started < 30, "an hour's wait ended when the run was terminated"
    assert not stopped.success and not stopped.get_asset_materialization_events()
    (failure,) = [e for e in stopped.all_events if e.is_step_failure]
    assert failure.step_failure_data.error.cls_name == "DagsterExecutionInterruptedError", "stopped, not a lock error"


def test_a_warehouse_that_tries_once_does_not_wait_inside_a_step(root, instance):
    from resources.damage import WarehouseLocked

    root.mkdir()
    path = str(root / "warehouse.duckdb")

    @dg.op
    def try_once(warehouse: Warehouse) -> float:
        """How long the copy that tries once took to refuse (as `sdr suppress` and `sdr handled` use it)."""
        started = time.monotonic()
        with pytest.raises(WarehouseLocked):
            with warehouse.model_copy(update={"lock_timeout_seconds": 0}).connect():
                pass
        return time.monotonic() - started

    @dg.job
    def once():
        try_once()

    with held(root / "warehouse.duckdb"):
        result = once.execute_in_process(resources={"warehouse": Warehouse(path=path)}, instance=instance)
    assert result.output_for_node("try_once") < 5, "refused at once, not after the step's wait"
