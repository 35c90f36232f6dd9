"""Warehouse files opened by attaching them to one in-memory DuckDB per process.

A new DuckDB instance registers every built-in function of its statically linked extensions
before it reads a byte, and a run opens the warehouse some fifty times (the test suite, thousands).
Attaching the file to an instance made once skips that. Detaching it checkpoints the file and
releases its lock exactly as closing a connection does, so other processes (`sdr approve`,
`sdr serve`, a second `sdr run`) wait no longer than before.

A file stays attached while anyone in the process uses it; each user gets a cursor of its own. A
run holds its file between its users too (``hold``): each step would otherwise attach it again,
read its catalogue and checkpoint it on the way out. Another process that finds the file locked
says so (``waiting_for``); a held file is then let go as soon as no one in the process uses it,
checked at each release and by a watcher thread while anything is held, so a step that waits on
something else (a model, the send lock) never keeps a waiting process out.
"""

from __future__ import annotations

import hashlib
import os
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field

import duckdb

from resources.setting import number
from sdr_assets.processes import running


# How often a process that holds files looks for another process waiting for one of them.
WATCH_SECONDS = 0.1

THREADS_VARIABLE = "SDR_DUCKDB_THREADS"


def duckdb_config() -> dict[str, int]:
    """Settings for the process's DuckDB: ``SDR_DUCKDB_THREADS`` caps its worker threads (unset,
    DuckDB starts one per core). Where processes already share the cores, a worker per core of
    each of them only wakes and waits on the others."""
    threads = number(os.environ, THREADS_VARIABLE, None, least=1)
    return {} if threads is None else {"threads": threads}


# DuckDB hands timestamptz values back (to Python, Arrow and polars) in its TimeZone setting, which
# it takes from the process's TZ: a send at 23:30 UTC would count on the next day's cap in Tokyo.
# Every connection of the project reads them in UTC, the zone its days and business hours are in.
# Set on the instance (global), so its cursors share it; ICU must be loaded first, so not in config.
UTC_SETTING = "set global TimeZone = 'UTC'"


def connect(database: str, read_only: bool = False, configured: bool = True) -> duckdb.DuckDBPyConnection:
    """A DuckDB connection that reads times in UTC, with the process's settings (``duckdb_config``)
    unless ``configured`` is False (a file this process already opened plainly takes no others)."""
    con = duckdb.connect(database, read_only=read_only, config=duckdb_config() if configured else {})
    try:
        con.execute(UTC_SETTING)
    except BaseException:
        con.close()
        raise
    return con


class ReadOnlyClash(RuntimeError):
    """The file is open read-only in this process, and a writer asked for it."""


@dataclass
class _Attached:
    alias: str
    read_only: bool
    users: int = 0
    prepared: bool = False  # ``on_attach`` ran to its end on this attachment
    preparing: threading.Lock = field(default_factory=threading.Lock)


class Attachments:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._db: duckdb.DuckDBPyConnection | None = None
        self._pid = 0
        self._open: dict[str, _Attached] = {}
        self._held: dict[str, int] = {}
        self._watcher: threading.Thread | None = None

    def _instance(self) -> duckdb.DuckDBPyConnection:
        if self._db is None or self._pid != os.getpid():  # a forked child never shares its parent's instance
            self._db = connect(":memory:")
            self._pid, self._open, self._held = os.getpid(), {}, {}
            self._watcher = None
        return self._db

    def hold(self, path: str) -> Callable[[], None]:
        """Keep ``path`` attached between its users until the returned callable is called (holds
        nest). While another process waits for the file, it is let go whenever no one uses it."""
        key = os.path.realpath(path)
        with self._lock:
            self._instance()
            self._held[key] = self._held.get(key, 0) + 1
            pid = self._pid
            if self._watcher is None:
                self._watcher = threading.Thread(target=self._watch, args=(pid,), name="sdr-warehouse-waiters",
                                                 daemon=True)
                self._watcher.start()

        def release() -> None:
            with self._lock:
                if self._pid != pid or key not in self._held:
                    return
                self._held[key] -= 1
                if self._held[key] == 0:
                    del self._held[key]
                    self._detach_if_unused(key)

        return release

    def acquire(self, path: str, read_only: bool, on_attach: Callable[[duckdb.DuckDBPyConnection], None] | None = None,
                ) -> tuple[duckdb.DuckDBPyConnection, Callable[[], None]]:
        """A connection whose default database is ``path``, and what closes it.

        Raises duckdb.IOException while another process holds the file. Where a plain DuckDB
        connection of this process has the file open (DuckDB lets one instance hold a file), it is
        shared the way DuckDB shares it: by a plain connection. A writer's first connection to a file
        newly attached is passed to ``on_attach`` first (until a call ends without raising), and so
        is every plain one.
        """
        key = os.path.realpath(path)
        with self._lock:
            db = self._instance()
            entry = self._open.get(key)
            if entry is not None and entry.read_only and not read_only and entry.users == 0:
                self._detach_if_unused(key)  # only a hold kept it: attached again for writing
                entry = None
            if entry is not None and entry.read_only and not read_only:
                raise ReadOnlyClash(f"{path} is open read-only in this process; a writer must wait until it is closed")
            if entry is None:
                alias = "warehouse_" + hashlib.sha256(key.encode()).hexdigest()[:16]
                quoted = key.replace("'", "''")
                try:
                    db.execute(f"attach '{quoted}' as {alias}{' (read_only)' if read_only else ''}")
                except duckdb.ResourceInUseException:
                    plain = connect(path, read_only=read_only, configured=False)
                    try:
                        if on_attach is not None and not read_only:
                            on_attach(plain)
                    except BaseException:
                        plain.close()
                        raise
                    return plain, plain.close
                entry = self._open[key] = _Attached(alias, read_only)
            entry.users += 1
            cursor = db.cursor()
        try:
            cursor.execute(f"use {entry.alias}")
            if on_attach is not None and not read_only and not entry.prepared:
                with entry.preparing:
                    if not entry.prepared:
                        on_attach(cursor)
                        entry.prepared = True
        except BaseException:
            self._release(key, cursor)
            raise
        return cursor, lambda: self._release(key, cursor)

    def _watch(self, pid: int) -> None:
        """While files are held, let go of each one no one uses once another process waits for it."""
        while True:
            time.sleep(WATCH_SECONDS)
            with self._lock:
                if self._pid != pid or not self._held:
                    if self._pid == pid:
                        self._watcher = None
                    return
                for key in list(self._held):
                    entry = self._open.get(key)
                    if entry is not None and entry.users == 0 and _someone_waits(key):
                        self._detach_if_unused(key)

    def _release(self, key: str, cursor: duckdb.DuckDBPyConnection) -> None:
        """Close the cursor; the last user detaches the file, which checkpoints it and frees its lock,
        unless the process holds it and no other process waits for it."""
        cursor.close()
        with self._lock:
            entry = self._open.get(key)
            if entry is None or self._pid != os.getpid():
                return
            entry.users -= 1
            if key not in self._held or _someone_waits(key):
                self._detach_if_unused(key)

    def _detach_if_unused(self, key: str) -> None:
        """Detach the file if no one in the process uses it: DuckDB checkpoints it and frees its lock."""
        entry = self._open.get(key)
        if entry is not None and entry.users == 0:
            self._instance().execute(f"detach {entry.alias}")
            del self._open[key]


WAITING = ".waiting."


@contextmanager
def waiting_for(path: str) -> Iterator[None]:
    """Tell the processes that hold ``path`` that this one waits for it: a file named after the file
    and this process, next to it, while the block runs."""
    marker = f"{os.path.realpath(path)}{WAITING}{os.getpid()}"
    try:
        with open(marker, "a"):
            pass
    except OSError:  # a folder this process may not write to: the holder lets go when its run ends
        yield
        return
    try:
        yield
    finally:
        with suppress(FileNotFoundError):
            os.remove(marker)


def _someone_waits(key: str) -> bool:
    """Whether a live process other than this one announced that it waits for ``key``."""
    folder, name = os.path.split(key)
    prefix = name + WAITING
    try:
        names = [entry.name for entry in os.scandir(folder) if entry.name.startswith(prefix)]
    except FileNotFoundError:
        return False
    for found in names:
        pid = found[len(prefix):]
        if pid.isdigit() and int(pid) != os.getpid() and running(int(pid)):
            return True
    return False


ATTACHMENTS = Attachments()
