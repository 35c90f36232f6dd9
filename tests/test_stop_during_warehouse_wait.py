"""A send step that meets the warehouse held, and is terminated before or while it waits for it.

The step holds SIGTERM and SIGINT back to finish the message in flight (``send_guard``); a wait
for the warehouse is no message in flight, so a stop asked before or during it ends it at once:
an interrupted step, nothing sent and nothing recorded.
"""

from __future__ import annotations

import mailbox
import os
import signal
import time
from collections.abc import Callable
from pathlib import Path

import dagster as dg
import duckdb
import pytest

from resources.damage import WarehouseLocked
from resources.warehouse import Warehouse
from sdr_assets.busy_warehouse import when_free
from sdr_assets.send_guard import clear_stop, deferred_termination, request_stop
from sdr_assets.sends import play_sends
from sdr_assets.suppression import add_entry
from tests.openings import REVOPS
from tests.warehouse_holder import held, once_waited

pytestmark = pytest.mark.opening("revops_ready")  # the play approved, its first emails due

LOCK_TIMEOUT = 20.0  # the warehouse's own wait before the step's (a minute outside the tests)


@pytest.fixture(autouse=True)
def _no_stop_left():
    """The stop a test asks stays with the process otherwise, and would end the next test's batch."""
    yield
    clear_stop()


def _interrupt() -> None:
    os.kill(os.getpid(), signal.SIGINT)


def _send(resources: dict, instance: dg.DagsterInstance, then: Callable[[], None], step_wait: float = 0.5):
    """The play's send step, the warehouse held by another process: ``then()`` a second into the
    warehouse's own wait. (seconds it took, its failure event)."""
    root = Path(resources["paths"].data_dir)
    warehouse = resources["warehouse"].model_dump()
    resources = {**resources, "warehouse": Warehouse(**{**warehouse, "lock_timeout_seconds": LOCK_TIMEOUT,
                                                        "step_wait_minutes": step_wait})}
    started = time.monotonic()
    with once_waited(root, 1.0, then):
        result = dg.materialize([play_sends(REVOPS)], resources=resources, instance=instance, raise_on_error=False)
    (failure,) = [e for e in result.all_events if e.is_step_failure]
    return time.monotonic() - started, failure


def _nothing_sent_nor_recorded(resources: dict) -> None:
    assert not mailbox.Maildir(resources["mail"].path, create=True).keys(), "nothing was sent"
    with duckdb.connect(resources["warehouse"].path, read_only=True) as con:
        tables = {t for (t,) in con.execute("select table_name from information_schema.tables").fetchall()}
        rows = con.execute("select count(*) from send_ledger").fetchone()[0] if "send_ledger" in tables else 0
    assert rows == 0, "nothing recorded, no refusal either: the step stopped before it planned"


def test_terminating_a_send_step_that_waits_for_the_warehouse_ends_the_wait_at_once(resources, instance):
    with held(Path(resources["warehouse"].path)):
        took, failure = _send(resources, instance, _interrupt, step_wait=0.5)  # 30 s after the lock's
    assert took < 10, f"the terminated step still waited {took:.1f} s for the warehouse"
    assert failure.step_failure_data.error.cls_name == "DagsterExecutionInterruptedError"
    _nothing_sent_nor_recorded(resources)


def test_a_send_step_terminated_before_the_holder_lets_go_sends_and_records_nothing(resources, instance):
    with resources["warehouse"].connect() as con:  # a refusal the step would record, were it to plan
        (contact,) = con.execute("select contact_email from message_drafts where play = ? order by draft_id limit 1",
                                 [REVOPS]).fetchone()
        add_entry(con, resources["paths"].data_dir, contact, "Lee Ops", "asked by phone", resources["policy"].now())
    with held(Path(resources["warehouse"].path)) as holder:
        def interrupt_then_let_go() -> None:
            _interrupt()
            time.sleep(0.1)  # an attempt under way as the signal came has failed: the stop is all that holds it
            holder.stdin.write("go\n")
            holder.stdin.flush()
            holder.wait()

        took, failure = _send(resources, instance, interrupt_then_let_go)
    assert took < 10
    assert failure.step_failure_data.error.cls_name == "DagsterExecutionInterruptedError"
    _nothing_sent_nor_recorded(resources)


def test_a_stop_the_send_step_held_back_ends_its_wait_before_a_first_attempt(tmp_path):
    attempts = []

    def attempt() -> None:
        attempts.append(1)
        raise WarehouseLocked("held", "process 1", 1)

    with deferred_termination(dg.DagsterExecutionInterruptedError):
        request_stop()  # a signal held back while the step planned, say
        started = time.monotonic()
        with pytest.raises(dg.DagsterExecutionInterruptedError):
            when_free(attempt, str(tmp_path / "warehouse.duckdb"), until=time.monotonic() + 3)
    assert time.monotonic() - started < 1 and not attempts


def test_a_stop_asked_outside_a_send_step_leaves_a_persons_wait_alone(tmp_path):
    """`sdr handled` and work_escalation wait until a signal of their own: a stop flag left by a
    send batch is not theirs."""
    attempts = []

    def attempt() -> str:
        attempts.append(1)
        if len(attempts) < 3:
            raise WarehouseLocked("held", "process 1", 1)
        return "recorded"

    request_stop()
    assert when_free(attempt, str(tmp_path / "warehouse.duckdb")) == "recorded" and len(attempts) == 3
