"""What the warehouse records as already processed, whoever did it (`sdr run`, the demo, a run in the UI).

A sensor without a cursor (the first start of the UI) starts from here, so it does not run again
what the pipeline already did.
"""

import duckdb

from resources.damage import WarehouseLocked
from resources.warehouse import Warehouse


def _rows(warehouse: Warehouse, sql: str, params: list | None = None) -> list[tuple]:
    try:
        with Warehouse(path=warehouse.path, lock_timeout_seconds=5).connect(read_only=True) as con:
            return con.execute(sql, params or []).fetchall()
    except (duckdb.Error, WarehouseLocked):  # no warehouse, no table yet, or held too long: nothing to start from
        return []


def play_versions(warehouse: Warehouse) -> dict[str, str]:
    return dict(_rows(warehouse, "select play, version_hash from play_versions"))


def signal_files(warehouse: Warehouse) -> dict[str, str]:
    """File name to "size:mtime_ns", as the signals sensor scans them."""
    return {f: f"{size}:{mtime}" for f, size, mtime in _rows(warehouse, "select file, size, mtime_ns from signal_files")}


def optout_offset(warehouse: Warehouse) -> int:
    rows = _rows(warehouse, "select max(byte_offset) from optout_log_offset")
    return int(rows[0][0] or 0) if rows else 0
