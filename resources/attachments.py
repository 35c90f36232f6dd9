"""Warehouse files opened by attaching them to one in-memory DuckDB per process.

A new DuckDB instance registers every built-in function of its statically linked extensions
before it reads a byte, and a run opens the warehouse some fifty times (the test suite, thousands).
Attaching the file to an instance made once skips that. Detaching it checkpoints the file and
releases its lock exactly as closing a connection does, so other processes (`sdr approve`,
`sdr serve`, a second `sdr run`) wait no longer than before.

A file stays attached while anyone in the process uses it; each user gets a cursor of its own.
"""

from __future__ import annotations

import hashlib
import os
import threading
from collections.abc import Callable
from dataclasses import dataclass

import duckdb


class ReadOnlyClash(RuntimeError):
    """The file is open read-only in this process, and a writer asked for it."""


@dataclass
class _Attached:
    alias: str
    read_only: bool
    users: int = 0


class Attachments:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._db: duckdb.DuckDBPyConnection | None = None
        self._pid = 0
        self._open: dict[str, _Attached] = {}

    def _instance(self) -> duckdb.DuckDBPyConnection:
        if self._db is None or self._pid != os.getpid():  # a forked child never shares its parent's instance
            self._db, self._pid, self._open = duckdb.connect(":memory:"), os.getpid(), {}
        return self._db

    def acquire(self, path: str, read_only: bool) -> tuple[duckdb.DuckDBPyConnection, Callable[[], None]]:
        """A connection whose default database is ``path``, and what closes it.

        Raises duckdb.IOException while another process holds the file. Where a plain DuckDB
        connection of this process has the file open (DuckDB lets one instance hold a file), it is
        shared the way DuckDB shares it: by a plain connection.
        """
        key = os.path.realpath(path)
        with self._lock:
            db = self._instance()
            entry = self._open.get(key)
            if entry is not None and entry.read_only and not read_only:
                raise ReadOnlyClash(f"{path} is open read-only in this process; a writer must wait until it is closed")
            if entry is None:
                alias = "warehouse_" + hashlib.sha256(key.encode()).hexdigest()[:16]
                quoted = key.replace("'", "''")
                try:
                    db.execute(f"attach '{quoted}' as {alias}{' (read_only)' if read_only else ''}")
                except duckdb.ResourceInUseException:
                    plain = duckdb.connect(path, read_only=read_only)
                    return plain, plain.close
                entry = self._open[key] = _Attached(alias, read_only)
            entry.users += 1
            cursor = db.cursor()
        try:
            cursor.execute(f"use {entry.alias}")
        except BaseException:
            self._release(key, cursor)
            raise
        return cursor, lambda: self._release(key, cursor)

    def _release(self, key: str, cursor: duckdb.DuckDBPyConnection) -> None:
        """Close the cursor; the last user detaches the file, which checkpoints it and frees its lock."""
        cursor.close()
        with self._lock:
            entry = self._open.get(key)
            if entry is None or self._pid != os.getpid():
                return
            entry.users -= 1
            if entry.users == 0:
                self._instance().execute(f"detach {entry.alias}")
                del self._open[key]


ATTACHMENTS = Attachments()
