"""What the warehouse records as already processed, whoever did it (`sdr run`, the demo, a run in the UI).

A sensor without a cursor (the first start of the UI) starts from here, so it does not run again
what the pipeline already did; the signals sensor compares the inbox with it on every tick. Each
raises ``WarehouseLocked`` while the warehouse is held too long: what was processed is not known then,
and the sensor skips the tick rather than start from nothing.
"""

from collections.abc import Callable
from typing import TypeVar

import duckdb

from resources.warehouse import Warehouse
from sdr_assets import optout_log, research_versions
from sdr_assets.domain.file_clock import FileRecord
from sdr_assets.line_log import Cursor
from sdr_assets.signal_file_records import SIGNAL_FILES_SQL, signal_file_records
from sdr_assets.suppression import ingested


SENSOR_LOCK_SECONDS = 5
Found = TypeVar("Found")


def _read(warehouse: Warehouse, query: Callable[[duckdb.DuckDBPyConnection], Found], none: Found) -> Found:
    """``query`` on a read-only connection, ``none`` before the warehouse or its table exists;
    ``WarehouseLocked`` when it is held too long."""
    try:
        with Warehouse(path=warehouse.path, lock_timeout_seconds=SENSOR_LOCK_SECONDS).connect(read_only=True) as con:
            return query(con)
    except duckdb.Error:
        return none


def _rows(warehouse: Warehouse, sql: str) -> list[tuple]:
    return _read(warehouse, lambda con: con.execute(sql).fetchall(), [])


def play_versions(warehouse: Warehouse) -> dict[str, str]:
    return dict(_rows(warehouse, "select play, version_hash from play_versions"))


def research_contents(warehouse: Warehouse) -> dict[str, set[str | None]]:
    """``research_versions.research_contents``: each play's research rows by the play content they
    were researched under."""
    return _read(warehouse, research_versions.research_contents, {})


def signal_files(warehouse: Warehouse) -> dict[str, tuple[str, FileRecord]]:
    """File name to (its SHA-256, what the signals run recorded of it)."""
    return signal_file_records(_rows(warehouse, SIGNAL_FILES_SQL))


def optout_place(warehouse: Warehouse) -> Cursor:
    """Where ingestion reached in the opt-out log (``suppression.ingested``)."""
    return _read(warehouse, lambda con: ingested(con, optout_log.LOG_RELATIVE), Cursor())
