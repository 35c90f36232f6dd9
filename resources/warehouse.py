"""The DuckDB warehouse every asset reads from and writes to."""

from __future__ import annotations

import dagster as dg

from resources.config import WarehouseFile
from resources.tables import frame_of, insert_rows, one, read_table, replace_rows, table_exists  # noqa: F401  (re-exported)


class Warehouse(dg.ConfigurableResource, WarehouseFile):
    """One DuckDB file. Writers retry while another process holds the lock."""
