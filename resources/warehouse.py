"""The DuckDB warehouse every asset reads from and writes to."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager

import dagster as dg
import duckdb
from pydantic import PrivateAttr

from resources.attachments import ATTACHMENTS
from resources.config import WarehouseFile
from resources.damage import WarehouseLocked
from resources.tables import frame_of, insert_rows, one, read_table, replace_rows, table_exists  # noqa: F401  (re-exported)


class Warehouse(dg.ConfigurableResource, WarehouseFile):
    """One DuckDB file. Writers retry while another process holds the lock; inside a run's step,
    past the lock timeout, the step says who holds it and waits (``sdr_assets/step_wait.py``).

    A run holds the file from its first step to its end (``Attachments.hold``), letting it go
    between two uses whenever another process waits for it. Set up in a run, it has the run's process
    name itself in the run's log (``sdr_assets/run_process.py``).
    """

    _release: Callable[[], None] | None = PrivateAttr(default=None)

    def setup_for_execution(self, context: dg.InitResourceContext) -> None:
        from sdr_assets.run_process import name_process  # the pipeline's modules import this one

        name_process(context.instance, context.run.run_id if context.run else None)
        if self.path != ":memory:":
            self._release = ATTACHMENTS.hold(self.path)

    def teardown_after_execution(self, context: dg.InitResourceContext) -> None:
        if self._release is not None:
            self._release()
            self._release = None

    @contextmanager
    def connect(self, read_only: bool = False) -> Iterator[duckdb.DuckDBPyConnection]:
        with ExitStack() as stack:
            try:
                con = stack.enter_context(super().connect(read_only))
            except WarehouseLocked as held:
                from sdr_assets import step_wait  # the pipeline's modules import this one

                # A copy that tries once (0 s) belongs to a caller that waits its own way.
                if not self.lock_timeout_seconds or (step := step_wait.current_step()) is None:
                    raise
                con = step_wait.wait_in_step(self, held, step,
                                             lambda once: stack.enter_context(once.connect(read_only)))
            yield con
