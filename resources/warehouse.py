"""The DuckDB warehouse every asset reads from and writes to."""

from __future__ import annotations

from collections.abc import Callable

import dagster as dg
from pydantic import PrivateAttr

from resources.attachments import ATTACHMENTS
from resources.config import WarehouseFile
from resources.tables import frame_of, insert_rows, one, read_table, replace_rows, table_exists  # noqa: F401  (re-exported)


class Warehouse(dg.ConfigurableResource, WarehouseFile):
    """One DuckDB file. Writers retry while another process holds the lock.

    A run holds the file from its first step to its end (``Attachments.hold``), letting it go
    between two uses whenever another process waits for it.
    """

    _release: Callable[[], None] | None = PrivateAttr(default=None)

    def setup_for_execution(self, context: dg.InitResourceContext) -> None:
        if self.path != ":memory:":
            self._release = ATTACHMENTS.hold(self.path)

    def teardown_after_execution(self, context: dg.InitResourceContext) -> None:
        if self._release is not None:
            self._release()
            self._release = None
