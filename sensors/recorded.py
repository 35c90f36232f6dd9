"""What the warehouse records as already processed, whoever did it (`sdr run`, the demo, a run in the UI).

A sensor without a cursor (the first start of the UI) starts from here, so it does not run again
what the pipeline already did; the signals sensor compares the inbox with it on every tick. Each
raises ``WarehouseLocked`` while the warehouse is held too long: what was processed is not known then,
and the sensor skips the tick rather than start from nothing.
"""

import duckdb

from resources.warehouse import Warehouse
from sdr_assets import optout_log
from sdr_assets.domain.file_clock import FileRecord
from sdr_assets.signal_file_records import SIGNAL_FILES_SQL, signal_file_records


SENSOR_LOCK_SECONDS = 5


def _read(warehouse: Warehouse, sql: str) -> list[tuple]:
    """The rows, none before the warehouse or table exists; ``WarehouseLocked`` when it is held too long."""
    try:
        with Warehouse(path=warehouse.path, lock_timeout_seconds=SENSOR_LOCK_SECONDS).connect(read_only=True) as con:
            return con.execute(sql).fetchall()
    except duckdb.Error:
        return []


def play_versions(warehouse: Warehouse) -> dict[str, str]:
    return dict(_read(warehouse, "select play, version_hash from play_versions"))


def signal_files(warehouse: Warehouse) -> dict[str, tuple[str, FileRecord]]:
    """File name to (its SHA-256, what the signals run recorded of it)."""
    return signal_file_records(_read(warehouse, SIGNAL_FILES_SQL))


def optout_place(warehouse: Warehouse) -> tuple[int, tuple[int, int] | None]:
    """The byte offset ingestion reached in the opt-out log and the log's (inode, status change time)
    then; None where it kept none (read too soon after a change, or stored before the status was)."""
    where = f"from optout_log_offset where log = '{optout_log.LOG_RELATIVE}'"
    rows = _read(warehouse, f"select byte_offset, inode, changed {where}") or \
        [(offset, None, None) for (offset,) in _read(warehouse, f"select byte_offset {where}")]
    if not rows:
        return 0, None
    offset, inode, changed = rows[0]
    return int(offset or 0), (int(inode), int(changed)) if inode is not None and changed is not None else None
