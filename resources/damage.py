"""Why the warehouse file cannot be opened, in one line that says what to do: damaged, not a DuckDB
file, a directory, not this user's to write, or held by another process for longer than a writer waits.

Kept free of DuckDB and Dagster, so that the `sdr` script can recognise the error without loading them.
"""

from __future__ import annotations

import os
import re

# What DuckDB says when a file's own structure is broken (tests/duckdb_kill_harness.py shows how),
# or when the file ends before the blocks its header points at (a truncated copy).
_MARKS = ("corrupt database file", "metadatareader", "failed to load metadata pointer", "could not read enough bytes")
# What DuckDB says when the write-ahead log beside the file fails its checksum (a torn or bad sector).
_WAL_MARKS = ("corrupt wal file", "failure while replaying wal")
_NOT_DUCKDB = "not a valid duckdb database file"
# What DuckDB says when the write-ahead log beside the file was written for a newer state of it: a
# copy restored in the file's place, the log a killed run left still beside it.
_NEWER_WAL = ("created for a newer version of this database", "wal checkpoint iteration does not match")
# DuckDB names the process that holds the lock: `Conflicting lock is held in /usr/bin/python3 (PID 42)`.
_HOLDER = re.compile(r"lock is held in (?P<program>.+?) \(PID (?P<pid>\d+)\)(?P<user> by user \S+)?")
_LEDGER = ("its send ledger is what stops a message going out twice, so do not delete it or start an empty one. "
           "Restore a copy taken while no sdr process ran, and keep the logs beside the file (.sent/, "
           ".decisions.jsonl): they put back the messages sent and the decisions taken since the copy.")


class WarehouseUnavailable(RuntimeError):
    """The warehouse cannot be opened; the message says why and what to do."""


class WarehouseDamaged(WarehouseUnavailable):
    """The warehouse path exists but DuckDB cannot read it as a database."""


class WarehouseLocked(WarehouseUnavailable):
    """Another process held the warehouse for longer than this one waits; ``holder`` names it where
    DuckDB did ("process 42 (/usr/bin/python3)"), and ``pid`` is its process id."""

    def __init__(self, message: str, holder: str = "another process", pid: int | None = None) -> None:
        super().__init__(message)
        self.holder, self.pid = holder, pid


def damaged(path: str, error: Exception) -> WarehouseUnavailable | None:
    """The error to raise for ``path`` if DuckDB's ``error`` says the file is unreadable (or not this
    user's to write), else None."""
    said = str(error).lower()
    if os.path.isdir(path):
        return WarehouseDamaged(f"the warehouse {path} is a directory, not a DuckDB file; nothing was read or sent. "
                                "Point SDR_WAREHOUSE (or SDR_DATA_DIR) at the warehouse file.")
    if _NOT_DUCKDB in said:
        return WarehouseDamaged(
            f"the warehouse {path} is not a DuckDB database file ({_size(path)}) and cannot be opened; nothing was "
            "read from it or sent. If SDR_WAREHOUSE or SDR_DATA_DIR names the wrong file, correct it; if this was "
            f"the warehouse, keep the file: {_LEDGER} (DuckDB: {error})")
    if "permission denied" in said or "read-only file system" in said:
        return WarehouseUnavailable(f"the warehouse {path} cannot be opened by this user ({os.getuid()}) for writing: "
                                f"give the account that runs sdr the file and its folder, or run as that account; "
                                f"nothing was read from it or sent. (DuckDB: {error})")
    if any(mark in said for mark in _NEWER_WAL):
        return WarehouseDamaged(f"the warehouse {path} cannot be opened: its write-ahead log {path}.wal was written for "
                                f"a newer state of the file (a copy restored beside the log a killed run left), so "
                                f"nothing was read from it or sent. Move {path}.wal aside and run again: the logs "
                                f"beside the file (.sent/, .decisions.jsonl) put back the messages sent and the "
                                f"decisions taken since the copy. (DuckDB: {error})")
    if any(mark in said for mark in _WAL_MARKS):
        return WarehouseDamaged(f"the warehouse {path} is damaged: its write-ahead log {path}.wal cannot be read "
                                f"back, so nothing was read from it or sent. Keep both files (the log holds the "
                                f"latest commits): {_LEDGER} (DuckDB: {error})")
    if any(mark in said for mark in _MARKS):
        return WarehouseDamaged(f"the warehouse {path} is damaged and cannot be opened; nothing was read from it or "
                                f"sent. Keep the file: {_LEDGER} (DuckDB: {error})")
    return None


def locked(path: str, error: Exception, waited: float) -> WarehouseLocked:
    """The error to raise for ``path`` once DuckDB's lock ``error`` outlasted the ``waited`` seconds."""
    holder = _HOLDER.search(str(error))
    who = (f"process {holder['pid']} ({holder['program']}{holder['user'] or ''})" if holder
           else "another process")
    return WarehouseLocked(
        f"the warehouse {path} is held by {who}, which did not let it go within {waited:g} s; nothing was "
        "read from it or sent. Wait for that process to finish (another sdr command, `make ui`, a notebook "
        f"with the file open) or stop it, then try again. (DuckDB: {error})",
        who, int(holder["pid"]) if holder else None)


def _size(path: str) -> str:
    try:
        size = os.path.getsize(path)
    except OSError:
        return "unreadable"
    return "empty" if size == 0 else f"{size} bytes"
