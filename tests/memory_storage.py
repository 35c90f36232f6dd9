"""Dagster's in-memory storages for tests, with their databases' connections kept and schema copied.

Dagster's ephemeral instance opens a new SQLite connection, and sets two pragmas on it, for each
statement group: several per event stored, one per run read. And every new instance builds its
two schemas with ``create_all`` and has alembic read every migration script to stamp them. Here
each database keeps its connections in a pool, with foreign keys switched on once per connection
(the WAL pragma is a no-op on a database in memory), a new instance's schemas are copies of
those Dagster built for the first one in the process, and a question about the schema is asked
until its answer is yes, as in the storage on disk (``sdr_assets.dagster_storage.LastingSchema``).
The storages are otherwise Dagster's own: the same tables, statements and transactions, one
committed per use. And an instance's runs and events can be saved to files and loaded into
another, which is how a state several tests share is built once and copied.

Dagster has no public way to give an instance other storages, so this module, as
``sdr_assets/dagster_storage.py`` does for the instance on disk, subclasses Dagster's internal
in-memory storages, builds the instance as ``DagsterInstance.ephemeral()`` does, and reads their
databases. Only ``tests/memory_instance.py`` imports it, behind a guard: when an upgrade of Dagster
moves these internals, the tests run on Dagster's own ephemeral instance instead, and
``tests/test_memory_instance.py`` fails by name.
"""

from __future__ import annotations

import functools
import sqlite3
import threading
import uuid
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import dagster as dg
import sqlalchemy
from dagster._core.instance.types import InstanceType
from dagster._core.launcher.sync_in_memory_run_launcher import SyncInMemoryRunLauncher
from dagster._core.run_coordinator import DefaultRunCoordinator
from dagster._core.storage.event_log import InMemoryEventLogStorage
from dagster._core.storage.noop_compute_log_manager import NoOpComputeLogManager
from dagster._core.storage.root import TemporaryLocalArtifactStorage
from dagster._core.storage.runs import InMemoryRunStorage
from sqlalchemy.engine import Connection, Engine

from sdr_assets.dagster_storage import LastingEventLogSchema, LastingRunSchema


@functools.cache
def _schema(kind: str) -> sqlite3.Connection:
    """An in-memory database holding the schema Dagster's own storage of ``kind`` builds."""
    storage = InMemoryEventLogStorage() if kind == "events" else InMemoryRunStorage()
    template = sqlite3.connect(":memory:", check_same_thread=False)
    try:
        storage._held_conn.connection.dbapi_connection.backup(template)
    finally:
        storage.dispose()
    return template


def _engine(kind: str) -> tuple[Engine, Connection]:
    """A pooled engine on a new named in-memory database holding ``kind``'s schema, and the
    connection held for the database's life (a shared in-memory database ends with its last one)."""
    # A named database in memory that every connection of the engine shares, as Dagster names its own.
    engine = sqlalchemy.create_engine(f"sqlite:///file:{kind}-{uuid.uuid4()}?mode=memory&uri=true&cache=shared",
                                      poolclass=sqlalchemy.pool.QueuePool,
                                      connect_args={"check_same_thread": False})
    sqlalchemy.event.listen(engine, "connect", lambda dbapi, _record: dbapi.execute("PRAGMA foreign_keys=ON"))
    held = engine.connect()
    _schema(kind).backup(held.connection.dbapi_connection)
    return engine, held


class KeptEventLogStorage(LastingEventLogSchema, InMemoryEventLogStorage):
    def __init__(self) -> None:
        self._inst_data = None
        self._engine, self._held_conn = _engine("events")
        self._handlers = defaultdict(set)
        self._storage_id = 0
        self._db_lock = threading.Lock()

    @contextmanager
    def _connect(self) -> Iterator[Connection]:
        with self._db_lock, self._engine.connect() as conn, conn.begin():
            yield conn


class KeptRunStorage(LastingRunSchema, InMemoryRunStorage):
    def __init__(self) -> None:
        self._engine, self._held_conn = _engine("runs")

    @contextmanager
    def connect(self) -> Iterator[Connection]:
        with self._engine.connect() as conn, conn.begin():
            yield conn


def kept_memory_instance() -> dg.DagsterInstance:
    """An instance as ``DagsterInstance.ephemeral()`` makes it, on the storages above."""
    return dg.DagsterInstance(
        instance_type=InstanceType.EPHEMERAL,
        local_artifact_storage=TemporaryLocalArtifactStorage(),
        run_storage=KeptRunStorage(),
        event_storage=KeptEventLogStorage(),
        compute_log_manager=NoOpComputeLogManager(),
        run_coordinator=DefaultRunCoordinator(),
        run_launcher=SyncInMemoryRunLauncher(),
    )


def _databases(instance: dg.DagsterInstance) -> dict[str, sqlite3.Connection]:
    """The in-memory SQLite databases behind an ephemeral instance's runs and events."""
    storages = {"runs": instance.run_storage, "events": instance.event_log_storage}
    return {name: storage._held_conn.connection.dbapi_connection for name, storage in storages.items()}


def save_instance(instance: dg.DagsterInstance, folder: Path) -> None:
    """An ephemeral instance's runs and events, as a SQLite file each in ``folder``."""
    folder.mkdir(parents=True)
    for name, database in _databases(instance).items():
        with sqlite3.connect(folder / f"{name}.db") as copy:
            database.backup(copy)


def load_instance(instance: dg.DagsterInstance, folder: Path) -> None:
    """Replace an empty ephemeral instance's runs and events with those saved in ``folder``."""
    databases = _databases(instance)
    for name, database in databases.items():
        saved = sqlite3.connect(folder / f"{name}.db")
        try:
            saved.backup(database)
        finally:
            saved.close()
    # The event storage numbers the events it stores for its watchers: go on from the last one.
    instance.event_log_storage._storage_id = databases["events"].execute(
        "select coalesce(max(id), 0) from event_logs").fetchone()[0]
