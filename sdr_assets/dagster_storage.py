"""Dagster's SQLite storage, keeping one SQLAlchemy engine per database file.

Dagster's SQLite storages build a new engine for every connection, and an engine's first connection
runs the dialect's setup queries: about a third of what storing an event cost in `sdr run`. These
subclasses keep the engine. Every connection is still a new SQLite connection that is closed after
its transaction (``NullPool``, as in Dagster's own), and the files are Dagster's own, so the UI and
the `dagster` CLI read them with the stock storage. The event log also reads Dagster's migration
scripts once per process, not once for each run's new file (about 70 ms a run).

``project_instance`` opens an instance folder with this storage wherever its ``dagster.yaml`` leaves
Dagster's default SQLite storage in place; any other storage it names is used as configured.
"""

from __future__ import annotations

import re
import sqlite3
import threading
import time
from collections import OrderedDict
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path

import dagster as dg
import sqlalchemy.exc
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from dagster._core.instance.ref import InstanceRef
from dagster._core.storage.event_log.schema import SqlEventLogStorageMetadata
from dagster._core.storage.event_log.sqlite import sqlite_event_log
from dagster._core.storage.event_log.sqlite.sqlite_event_log import (
    INDEX_SHARD_NAME,
    SQLITE_BUSY_TIMEOUT_SECONDS,
    SqliteEventLogStorage,
)
from dagster._core.storage.runs.sqlite.sqlite_run_storage import SqliteRunStorage
from dagster._core.storage.schedules.sqlite.sqlite_schedule_storage import SqliteScheduleStorage
from dagster._core.storage.sql import get_alembic_config
from dagster._core.storage.sqlite_storage import (
    DagsterSqliteStorage,
    _event_logs_directory,
    _runs_directory,
    _schedule_directory,
)
from dagster._serdes import ConfigurableClassData
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import Connection
from sqlalchemy.pool import NullPool

# Run shards kept at once: a run writes to its own file and the index, so a process that runs jobs
# one after another uses two or three; the bound keeps a long-lived process from holding one per run.
RUN_SHARD_ENGINES = 8


class _OneEngine:
    """``connect`` for a storage of one SQLite file (``_conn_string``): its engine is made once."""

    _conn_string: str
    _engine: Engine | None = None

    @contextmanager
    def connect(self) -> Iterator[Connection]:
        if self._engine is None:
            self._engine = create_engine(self._conn_string, poolclass=NullPool)
        with self._engine.connect() as conn, conn.begin():
            yield conn


class EngineSqliteRunStorage(_OneEngine, SqliteRunStorage):
    pass


class EngineSqliteScheduleStorage(_OneEngine, SqliteScheduleStorage):
    pass


class EngineSqliteEventLogStorage(SqliteEventLogStorage):
    """The event log: an index file and a file per run, each with its engine."""

    def __init__(self, base_dir: str, inst_data: ConfigurableClassData | None = None):
        self._engines: OrderedDict[str, Engine] = OrderedDict()
        self._engines_lock = threading.Lock()
        super().__init__(base_dir, inst_data)

    def _engine(self, shard: str) -> Engine:
        with self._engines_lock:
            engine = self._engines.get(shard)
            if engine is None:
                engine = self._engines[shard] = create_engine(
                    self.conn_string_for_shard(shard), poolclass=NullPool,
                    connect_args={"timeout": SQLITE_BUSY_TIMEOUT_SECONDS})
                run_shards = [name for name in self._engines if name != INDEX_SHARD_NAME]
                for name in run_shards[:-RUN_SHARD_ENGINES]:
                    self._engines.pop(name).dispose()
            return engine

    def _initdb(self, engine: Engine, for_index_shard: bool = False) -> None:
        """Dagster's: a new file gets the tables and the current migration stamp. An index file
        Dagster itself must stamp (one from before its migrations) goes to Dagster's own code."""
        if for_index_shard:
            super()._initdb(engine, for_index_shard=True)
            return
        for attempt in range(11):
            try:
                with engine.connect() as conn:
                    if MigrationContext.configure(conn).get_current_revision() is None:
                        SqlEventLogStorageMetadata.create_all(engine)
                        conn.execute(text("PRAGMA journal_mode=WAL;"))
                        MigrationContext.configure(conn).stamp(_migration_scripts(), "head")
                        conn.commit()
                return
            except (sqlalchemy.exc.DatabaseError, sqlite3.DatabaseError) as exc:
                # Another process creating the same file at once, as Dagster's own retries allow for.
                if attempt == 10 or not _CONCURRENT_INIT.search(str(exc)):
                    raise
                time.sleep(0.2)

    @contextmanager
    def _connect(self, shard: str) -> Iterator[Connection]:
        with self._db_lock:
            engine = self._engine(shard)
            if shard not in self._initialized_dbs:
                self._initdb(engine)
                self._initialized_dbs.add(shard)
            with engine.connect() as conn, conn.begin():
                yield conn

    def dispose(self) -> None:
        super().dispose()
        with self._engines_lock:
            for engine in self._engines.values():
                engine.dispose()
            self._engines.clear()


_CONCURRENT_INIT = re.compile(r"table \w+ already exists|database is locked|"
                              r"UNIQUE constraint failed: alembic_version\.version_num")


@cache
def _migration_scripts() -> ScriptDirectory:
    """Dagster's event log migrations, read once per process."""
    return ScriptDirectory.from_config(get_alembic_config(sqlite_event_log.__file__))


class EngineSqliteStorage(DagsterSqliteStorage):
    """Dagster's default SQLite storage of an instance folder, built from the classes above."""

    def __init__(self, base_dir: str, inst_data: ConfigurableClassData | None = None):
        self.base_dir = base_dir
        self._run_storage = EngineSqliteRunStorage.from_local(_runs_directory(base_dir))
        self._event_log_storage = EngineSqliteEventLogStorage(_event_logs_directory(base_dir))
        self._schedule_storage = EngineSqliteScheduleStorage.from_local(_schedule_directory(base_dir))
        self._inst_data = inst_data
        super(DagsterSqliteStorage, self).__init__()

    @classmethod
    def from_config_value(cls, inst_data: ConfigurableClassData, config_value) -> EngineSqliteStorage:
        return cls.from_local(inst_data=inst_data, **config_value)


_DEFAULT = ("dagster._core.storage.sqlite_storage", "DagsterSqliteStorage")


def project_instance(home: Path | str) -> dg.DagsterInstance:
    """The persistent instance in ``home`` (its ``dagster.yaml``), on the storage above when it uses
    Dagster's default SQLite storage."""
    ref = InstanceRef.from_dir(str(Path(home).resolve()))
    storage = ref.storage_data
    if storage is not None and (storage.module_name, storage.class_name) == _DEFAULT:
        ref = ref._replace(storage_data=ConfigurableClassData(
            __name__, EngineSqliteStorage.__name__, storage.config_yaml))
    return dg.DagsterInstance.from_ref(ref)
