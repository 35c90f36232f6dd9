"""The Launchpad's `work_escalation` job while another process (a send batch) holds the warehouse:
the run waits, saying once for whom, instead of failing on the lock; an opt-out is logged at once,
where the send step reads it before each message, and the hand-off is recorded with it, once."""

from __future__ import annotations

import os
import signal
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import dagster as dg
import pytest

from resources.warehouse import Warehouse
from sdr_assets import entry_log
from sdr_assets.assembly import build_definitions
from tests.escalation_desk import ANN, ASKS_TO_STOP_AT, CopiedDesk, Desk, desk_asked_to_stop
from tests.warehouse_holder import held, let_go, waiting

MON = ASKS_TO_STOP_AT
NOW = MON.replace(hour=11)
LOCK_TIMEOUT = 0.5  # the warehouse's own wait, shorter than every batch below
AT_MOST = 60.0  # seconds a run may wait for a holder before the test lets go and fails


@pytest.fixture(scope="module")
def asked_to_stop(tmp_path_factory) -> Path:
    """Ann's desk (``desk_asked_to_stop``), built once for this module: tests copy it, never write to it."""
    return desk_asked_to_stop(tmp_path_factory.mktemp("asked_to_stop") / "data").root



@pytest.fixture
def desk(asked_to_stop: Path, tmp_path) -> Desk:
    """A copy of the module's desk; its files keep their times, as the warehouse recorded them."""
    return CopiedDesk(asked_to_stop, tmp_path / "data")


def _run(desk: Desk, instance: dg.DagsterInstance, **config) -> dg.ExecuteInProcessResult:
    resources = desk.resources(NOW)
    resources["warehouse"] = Warehouse(path=resources["warehouse"].path, lock_timeout_seconds=LOCK_TIMEOUT)
    job = build_definitions(resources, play_list=[]).resolve_job_def("work_escalation")
    return job.execute_in_process(run_config={"ops": {"escalation_action_op": {"config": config}}},
                                  instance=instance, raise_on_error=False)


@contextmanager
def _held(desk: Desk) -> Iterator:
    """``held`` for the desk's warehouse, bounded: a run still waiting ``AT_MOST`` seconds in (a
    moment the test waits for never came, or a stop was not heard) gets the warehouse back by the
    holder's kill, and the test fails saying so instead of hanging."""
    fired = threading.Event()
    finished = threading.Event()
    with held(desk.root / "warehouse.duckdb") as holder:
        def watchdog() -> None:
            if not finished.wait(AT_MOST):
                fired.set()
                holder.kill()

        thread = threading.Thread(target=watchdog, daemon=True)
        thread.start()
        try:
            yield holder
        finally:
            finished.set()
            thread.join()
    if fired.is_set():
        pytest.fail(f"the run still waited for the warehouse after {AT_MOST:.0f} s: the test's moment "
                    "(the opt-out logged, the run's announced wait) never came or the stop went unheard")


@contextmanager
def _meanwhile(desk: Desk, until: Callable[[], bool], then: Callable[[], None]) -> Iterator[list]:
    """While the block runs, a thread that once ``until()`` holds notes the entries log in the list it
    yields, pauses past the warehouse's own lock timeout and calls ``then()`` if the block still runs."""
    seen: list = []
    finished = threading.Event()

    def watch() -> None:
        while not until():
            if finished.wait(0.05):
                return
        seen.append(entry_log.read(desk.root).records)
        if not finished.wait(2 * LOCK_TIMEOUT):  # never once the run is over: a stray SIGINT would stop pytest
            then()

    thread = threading.Thread(target=watch, daemon=True)
    thread.start()
    try:
        yield seen
    finally:
        finished.set()
        thread.join()



def _said(instance: dg.DagsterInstance, result: dg.ExecuteInProcessResult, start: str) -> list[str]:
    """What the run logged, as the UI shows it, that starts with ``start``."""
    return [e.user_message for e in instance.all_logs(result.run_id) if e.user_message.startswith(start)]


def _suppressions(desk: Desk) -> list[tuple]:
    with desk.resources(NOW)["warehouse"].connect() as con:
        return con.execute("select event_id, target, reason, recorded_by from suppression_events").fetchall()


def test_an_opt_out_handed_off_on_the_launchpad_during_a_batch_stops_sending_at_once_and_closes_after(desk, instance):
    eid = desk.queue(NOW)[0]["escalation_id"]
    log = entry_log.log_path(desk.root)
    with (_held(desk) as holder,
          _meanwhile(desk, lambda: log.exists() and waiting(desk.root), let_go(holder)) as seen):
        result = _run(desk, instance, escalation_id=eid, action="handled", by="Dana Whitfield", outcome="opted_out")

    assert result.success, "a run that waited for the batch is no failure"
    assert seen, "the opt-out was in the entries log while the batch still held the warehouse"
    ((event,),) = seen
    assert (event.target, event.reason, event.recorded_by) == (ANN, "unsubscribe_reply", "Dana Whitfield")
    (told,) = _said(instance, result, "The warehouse is held by process ")
    assert f"{ANN}'s opt-out is logged and already stops sending" in told and eid in told
    done = desk.queue(NOW)[0]
    assert (done["status"], done["outcome"], done["handled_by"]) == ("handled", "opted_out", "Dana Whitfield")
    assert _suppressions(desk) == [(event.event_id, ANN, "unsubscribe_reply", "Dana Whitfield")], "recorded once"
    assert {m.asset_key.to_user_string() for m in result.get_asset_materialization_events()} == {
        "escalation_events", "suppression_events"}


def test_a_claim_on_the_launchpad_waits_out_a_batch_longer_than_the_lock_timeout_and_is_then_recorded(desk, instance):
    eid = desk.queue(NOW)[0]["escalation_id"]
    with (_held(desk) as holder,
          _meanwhile(desk, lambda: waiting(desk.root), let_go(holder))):
        result = _run(desk, instance, escalation_id=eid, action="claim", by="Dana Whitfield")
    assert result.success
    (told,) = _said(instance, result, "The warehouse is held by process ")
    assert told.endswith(f"the run waits for it to record claim of {eid} (terminating the run stops waiting, "
                         "recording nothing).")
    with desk.resources(NOW)["warehouse"].connect() as con:
        assert con.execute("select actor, action from escalation_events where actor <> 'pipeline'").fetchall() == [
            ("Dana Whitfield", "claim")]
    assert not entry_log.log_path(desk.root).exists()


def test_terminating_a_launchpad_run_that_waits_keeps_the_opt_out_and_a_rerun_records_the_hand_off_once(
        desk, instance):
    eid = desk.queue(NOW)[0]["escalation_id"]
    log = entry_log.log_path(desk.root)
    form = {"escalation_id": eid, "action": "handled", "by": "Dana Whitfield", "outcome": "opted_out"}
    # Dagster terminates a run by interrupting its step's process, as Ctrl-C does.
    with (_held(desk),
          _meanwhile(desk, lambda: log.exists() and waiting(desk.root), lambda: os.kill(os.getpid(), signal.SIGINT))
          as seen):
        stopped = _run(desk, instance, **form)
    assert seen, "the opt-out was logged before the run was terminated"
    assert not stopped.success and not stopped.get_asset_materialization_events()
    (failure,) = [e for e in stopped.all_events if e.is_step_failure]
    assert failure.step_failure_data.error.cls_name == "DagsterExecutionInterruptedError", "stopped, not a lock error"
    (said,) = _said(instance, stopped, "Stopped waiting for the warehouse.")
    assert f"{ANN}'s opt-out stands and stops every send; {eid} is unchanged" in said
    assert "launched again from the Launchpad" in said, "a re-execution records nothing: the UI's way again is named"
    assert desk.queue(NOW)[0]["suppressed"] == "unsubscribe_reply"

    assert _run(desk, instance, **form).success
    assert desk.queue(NOW)[0]["status"] == "handled"
    assert _suppressions(desk) == [(seen[0][0].event_id, ANN, "unsubscribe_reply", "Dana Whitfield")]


@pytest.mark.parametrize("form", [{"action": "handled", "by": "system", "outcome": "opted_out"},
                                  {"action": "claim", "by": " "}], ids=["opt-out by nobody", "nameless claim"])
def test_a_form_the_queue_refuses_fails_at_once_with_nothing_recorded_while_the_warehouse_is_busy(desk, instance,
                                                                                                  form):
    eid = desk.queue(NOW)[0]["escalation_id"]
    with _held(desk):
        result = _run(desk, instance, escalation_id=eid, **form)
    assert not result.success
    (failure,) = [e for e in result.all_events if e.is_step_failure]
    assert failure.step_failure_data.error.message.startswith("dagster._core.definitions.events.Failure: "
                                                              "Nothing recorded: ")
    assert not entry_log.log_path(desk.root).exists()


def test_an_opt_out_handed_off_on_the_launchpad_after_someone_else_claimed_it_logs_nothing_while_busy(desk, instance):
    eid = desk.queue(NOW)[0]["escalation_id"]
    desk.act(eid, "claim", "Dana Whitfield", MON.replace(hour=10, minute=20))
    desk.run_escalations(MON.replace(hour=10, minute=45))
    with _held(desk):
        result = _run(desk, instance, escalation_id=eid, action="handled", by="Sam Ortiz", outcome="opted_out")
    (failure,) = [e for e in result.all_events if e.is_step_failure]
    assert "Nothing recorded: " in failure.step_failure_data.error.message
    assert "claimed by Dana Whitfield" in failure.step_failure_data.error.message
    assert not entry_log.log_path(desk.root).exists()


def test_a_holder_that_last_took_the_send_lock_is_named_as_the_send_batch(tmp_path):
    from resources.damage import WarehouseLocked
    from sdr_assets.busy_warehouse import busy_with
    from sdr_assets.send_guard import send_lock_path

    path = str(tmp_path / "warehouse.duckdb")
    held_by = WarehouseLocked("held", "process 4242 (/usr/bin/python3)", 4242)
    assert busy_with(held_by, path).batch is False, "no send lock taken: only perhaps a batch"
    send_lock_path(path).write_text("4242\n")
    assert busy_with(held_by, path).batch is True
    assert busy_with(WarehouseLocked("held", "process 7 (/usr/bin/python3)", 7), path).batch is False
