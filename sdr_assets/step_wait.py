"""A run's step that finds the warehouse held past its lock timeout: it waits, instead of failing.

Another process holding the file (a send batch from `sdr run`, `sdr suppress`, a notebook) is a
state, not a failure. The step says once, in the run's log, who holds the file, then waits up to
``step_wait_minutes`` (``SDR_WAREHOUSE_WAIT_MINUTES``) more and goes on once it is free.
Terminating the run ends the wait at once. A holder that outlasts the wait fails the step with
its one line (:class:`WaitedOut`), marked as a cause that passes, so the outreach sensor asks for
the run again (``sensors/release_runs.py``).

The wait is bounded because the instance runs one run at a time (``sdr_assets/instance.py``): a
holder that never lets go (a notebook left open) would otherwise keep every later run, the
replies' with their opt-outs among them, queued behind this one without a word. It waits in
place rather than asking Dagster to retry the step (``dg.RetryRequested``), which would redo the
step's work, show each attempt's error, and is not honoured where a resource opens the file.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TypeVar

import dagster as dg

from resources.config import WarehouseFile
from resources.damage import WarehouseLocked, locked
from sdr_assets.busy_warehouse import busy_with, when_free
from sdr_assets.play_state import CLEARS_ITSELF

T = TypeVar("T")


class WaitedOut(WarehouseLocked, dg.Failure):
    """The warehouse held for longer than a step waits: a ``WarehouseLocked`` to the code that
    handles one, and to Dagster a refusal, shown as its one line rather than a stack trace."""

    def __init__(self, held: WarehouseLocked) -> None:
        WarehouseLocked.__init__(self, str(held), held.holder, held.pid)
        dg.Failure.__init__(self, description=str(held), metadata={CLEARS_ITSELF: True}, allow_retries=False)


def current_step() -> dg.OpExecutionContext | None:
    """The step running in this thread, if any."""
    try:
        return dg.OpExecutionContext.get()
    except dg.DagsterInvariantViolationError:
        return None


def wait_in_step(warehouse: WarehouseFile, held: WarehouseLocked, step: dg.OpExecutionContext,
                 attempt: Callable[[WarehouseFile], T]) -> T:
    """``attempt(once)``, with ``once`` the warehouse trying the lock once, each quarter second
    until it goes through, after telling the run who holds the file (``held``, which ended the
    warehouse's own wait); :class:`WaitedOut` once ``warehouse.step_wait_minutes`` are over."""
    minutes = warehouse.step_wait_minutes
    if minutes > 0:
        step.log.warning(waiting(warehouse, held))
        once = warehouse.model_copy(update={"lock_timeout_seconds": 0})
        try:
            return when_free(lambda: attempt(once), warehouse.path, dg.DagsterExecutionInterruptedError,
                             until=time.monotonic() + minutes * 60)
        except WarehouseLocked as still:
            held = still
    raise WaitedOut(locked(warehouse.path, held.__cause__ or held, warehouse.lock_timeout_seconds + minutes * 60)
                    ) from None


def waiting(warehouse: WarehouseFile, held: WarehouseLocked) -> str:
    """The one line the run logs: who holds the warehouse, and how long the step waits for it."""
    busy = busy_with(held, warehouse.path)
    who = (f"the send batch in {busy.holder}" if busy.batch
           else f"{busy.holder}, another sdr command or a notebook perhaps")
    return (f"The warehouse {warehouse.path} is held by {who}. This step waits for it, up to "
            f"{warehouse.step_wait_minutes:g} min more (SDR_WAREHOUSE_WAIT_MINUTES), and goes on once it is "
            "free; terminating the run stops the wait.")
