"""A warehouse file DuckDB can no longer read, told apart from a lock or a missing file.

Kept free of DuckDB and Dagster, so that the `sdr` script can recognise the error without loading them.
"""

from __future__ import annotations

# What DuckDB says when a file's own structure is broken (tests/duckdb_kill_harness.py shows how).
_MARKS = ("corrupt database file", "metadatareader", "failed to load metadata pointer")


class WarehouseDamaged(RuntimeError):
    """The warehouse file exists but DuckDB can no longer read it."""


def damaged(path: str, error: Exception) -> WarehouseDamaged | None:
    """The error to raise for ``path`` if DuckDB's ``error`` says the file is damaged, else None."""
    if not any(mark in str(error).lower() for mark in _MARKS):
        return None
    return WarehouseDamaged(
        f"the warehouse {path} is damaged and cannot be opened; nothing was read from it or sent. Keep the "
        "file: its send ledger is what stops a message going out twice, so do not delete it or start an empty "
        f"one. Restore a copy taken while no sdr process ran. (DuckDB: {error})")
