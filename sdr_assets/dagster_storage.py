"""Dagster's SQLite storage, keeping one SQLAlchemy engine, and its connections, per database file.

Dagster's own SQLite storages make a new engine for every connection, one per event stored and
several per step, and pool nothing. So every statement was compiled again, every time, and every
event opened its database and closed it again; closing the last connection to a database in WAL
mode checkpoints its log into the file and deletes it. These keep each file's engine, with
SQLAlchemy's default pool for SQLite files, for the life of the storage. Each use is still its own
transaction, committed at its end, so what other processes (the webserver, another run) see and
when they see it is unchanged; the files are Dagster's own, in Dagster's layout.

Named in ``dagster.yaml`` (``storage: custom:``, see ``sdr_assets.instance``) only while this module
imports and ``misfits()`` finds nothing; the webserver loads it from the same environment.

A new run's event-log shard is a copy of an empty one Dagster made once per process, instead of
Dagster making it again with alembic reading every migration script. And a question about the
schema (does this table, column or data migration exist?), which Dagster asks the database again
for every event it stores, is asked only until the answer is yes (``LastingSchema``).

Dagster has no public interface for its storages, so this module, and only this one in the
product, subclasses Dagster's internal SQLite storages and replaces the methods that open
connections (``_connect``, ``connect``), make a run's shard (``_initdb``) and ask about the schema
(``has_table`` and the like). Nothing imports it but ``sdr_assets.instance``, and only behind a
guard: an upgrade of Dagster that moves these internals makes the import fail or ``misfits()``
name them, and the instance then runs on Dagster's own storage, over the same files and history.
``uv.lock`` pins the Dagster it was written against, and ``tests/test_dagster_storage.py`` fails by
name when the pinned one stops fitting, so the fallback is never taken silently by the suite.
"""

from __future__ import annotations

import contextlib
import inspect
import os
import tempfile
import threading
from collections import OrderedDict
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import sqlalchemy
from dagster._core.storage.event_log import SqliteEventLogStorage
from dagster._core.storage.runs import SqliteRunStorage
from dagster._core.storage.schedules import SqliteScheduleStorage
from dagster._core.storage.sqlite_storage import DagsterSqliteStorage
from sqlalchemy import create_engine
from sqlalchemy.engine import Connection, Engine

# Dagster's layout under its storage folder (DagsterSqliteStorage's): runs, run shards, ticks.
RUNS_DIR, EVENTS_DIR, SCHEDULES_DIR = ("history",), ("history", "runs"), ("schedules",)
# Seconds a connection waits for another process's write lock, as Dagster's event log does.
BUSY_TIMEOUT_SECONDS = 30

# Run shards are written in order and rarely read again by the same process: a webserver that opens
# hundreds of runs keeps only the engines (and open files) of the latest ones.
KEPT_SHARDS = 16


class KeptEngines:
    """Engines by connection string, the least recently used dropped beyond ``limit``."""

    def __init__(self, limit: int, **engine_args) -> None:
        self._limit = limit
        self._engine_args = engine_args
        self._engines: OrderedDict[str, Engine] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, conn_string: str) -> Engine:
        with self._lock:
            engine = self._engines.pop(conn_string, None)
            if engine is None:
                engine = create_engine(conn_string, **self._engine_args)
            self._engines[conn_string] = engine
            while len(self._engines) > self._limit:
                self._engines.popitem(last=False)[1].dispose()
            return engine

    def dispose(self) -> None:
        with self._lock:
            for engine in self._engines.values():
                engine.dispose()
            self._engines.clear()

    def __len__(self) -> int:
        return len(self._engines)


class LastingSchema:
    """Dagster's storages ask their database whether a table, a column or a completed data migration
    exists for nearly every event they store or read, each time by reading the schema again (the
    SQLite event log with a new engine for each question). Once the answer is yes it stays yes,
    since nothing drops them, so a yes is remembered for the life of the storage, and until its
    wipe. A no is asked again: another process may migrate the database meanwhile."""

    def _lasting(self, question: tuple, ask, *args) -> bool:
        """``ask(*args)``, unless ``question`` was answered yes before."""
        known = self.__dict__.setdefault("_lasting_answers", set())
        if question in known:
            return True
        if ask(*args):
            known.add(question)
            return True
        return False

    def wipe(self) -> None:
        self.__dict__.pop("_lasting_answers", None)
        super().wipe()


class LastingEventLogSchema(LastingSchema):
    """The event log's questions (``LastingSchema``), for a subclass of Dagster's SQL event log."""

    def has_table(self, table_name: str) -> bool:
        return self._lasting(("table", table_name), super().has_table, table_name)

    def has_asset_key_col(self, column_name: str) -> bool:
        return self._lasting(("asset_keys column", column_name), super().has_asset_key_col, column_name)

    def _has_asset_key_col_on_connection(self, conn: Connection, column_name: str) -> bool:
        return self._lasting(("asset_keys column", column_name), super()._has_asset_key_col_on_connection,
                             conn, column_name)

    def has_secondary_index(self, name: str) -> bool:
        return self._lasting(("migration", name), super().has_secondary_index, name)


class LastingRunSchema(LastingSchema):
    """The runs database's questions (``LastingSchema``), for a subclass of Dagster's SQL run storage."""

    def has_run_stats_index_cols(self) -> bool:
        return self._lasting(("runs stats columns",), super().has_run_stats_index_cols)

    def has_backfill_id_column(self) -> bool:
        return self._lasting(("runs backfill column",), super().has_backfill_id_column)

    def has_bulk_actions_selector_cols(self) -> bool:
        return self._lasting(("bulk actions selector columns",), super().has_bulk_actions_selector_cols)

    def has_bulk_action_job_name_column(self) -> bool:
        return self._lasting(("bulk actions job column",), super().has_bulk_action_job_name_column)

    def has_backfill_tags_table(self) -> bool:
        return self._lasting(("backfill tags table",), super().has_backfill_tags_table)

    def has_built_index(self, migration_name: str) -> bool:
        return self._lasting(("migration", migration_name), super().has_built_index, migration_name)


class EventLogStorage(LastingEventLogSchema, SqliteEventLogStorage):
    """The per-run sharded event log, each shard's engine kept."""

    def __init__(self, base_dir: str, inst_data=None) -> None:
        self.engines = KeptEngines(KEPT_SHARDS, connect_args={"timeout": BUSY_TIMEOUT_SECONDS})
        super().__init__(base_dir, inst_data)

    @contextmanager
    def _connect(self, shard: str) -> Iterator[Connection]:
        with self._db_lock:
            engine = self.engines.get(self.conn_string_for_shard(shard))
            if shard not in self._initialized_dbs:
                self._initdb(engine)
                self._initialized_dbs.add(shard)
            with engine.connect() as conn, conn.begin():
                yield conn

    def _initdb(self, engine: Engine, for_index_shard: bool = False) -> None:
        """A new run's shard starts as a copy of an empty shard Dagster made once in this process.

        Dagster makes each run's shard by creating its tables and stamping the schema's revision, and
        alembic reads every migration script to find that revision, twice, for every run. The copy is
        Dagster's own empty shard, byte for byte. A file that exists already (another process got
        there first) is left to Dagster, which settles that race itself.
        """
        path = engine.url.database
        if for_index_shard or not path or os.path.exists(path) or not _copied(self._empty_shard(), path):
            super()._initdb(engine, for_index_shard)

    def _empty_shard(self) -> bytes | None:
        """The bytes of an empty run shard as Dagster makes it; None when its log would not fold in."""
        with _EMPTY_SHARD_LOCK:
            if not _EMPTY_SHARD:
                with tempfile.TemporaryDirectory() as folder:
                    path = os.path.join(folder, "shard.db")
                    engine = sqlalchemy.create_engine(f"sqlite:///{path}")  # made and gone: not a kept engine
                    try:
                        super()._initdb(engine)
                    finally:
                        engine.dispose()  # the last connection folds the write-ahead log into the file
                    folded = not os.path.exists(path + "-wal")
                    _EMPTY_SHARD.append(Path(path).read_bytes() if folded else None)
            return _EMPTY_SHARD[0]

    def wipe(self) -> None:
        """Dagster's wipe deletes the run shards' files: their open connections go first."""
        with self._db_lock:
            self.engines.dispose()
        super().wipe()

    def dispose(self) -> None:
        super().dispose()
        self.engines.dispose()


_EMPTY_SHARD: list[bytes | None] = []
_EMPTY_SHARD_LOCK = threading.Lock()


def _copied(data: bytes | None, path: str) -> bool:
    """Whether ``data`` is now the file at ``path``, written in full before the name appears; False
    without data, or when the file appeared meanwhile."""
    if data is None:
        return False
    partial = f"{path}.{os.getpid()}.{threading.get_ident()}.new"
    try:
        with open(partial, "xb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.link(partial, path)
    except FileExistsError:
        return False
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.remove(partial)
    return True


class _KeptEngine:
    """``connect`` for a storage in one file, through that file's kept engine."""

    def __init__(self, conn_string: str, inst_data=None) -> None:
        super().__init__(conn_string, inst_data)
        self.engines = KeptEngines(1)

    @contextmanager
    def connect(self) -> Iterator[Connection]:
        with self.engines.get(self._conn_string).connect() as conn, conn.begin():
            yield conn

    def dispose(self) -> None:
        super().dispose()
        self.engines.dispose()


class RunStorage(_KeptEngine, LastingRunSchema, SqliteRunStorage):
    """The runs database, its engine kept."""


class ScheduleStorage(_KeptEngine, SqliteScheduleStorage):
    """Sensor and schedule ticks, their engine kept."""


class SqliteStorage(DagsterSqliteStorage):
    """Dagster's SQLite storage in the same files, with the storages above."""

    def __init__(self, base_dir: str, inst_data=None) -> None:
        self.base_dir = base_dir
        self._run_storage = RunStorage.from_local(os.path.join(base_dir, *RUNS_DIR))
        self._event_log_storage = EventLogStorage(os.path.join(base_dir, *EVENTS_DIR))
        self._schedule_storage = ScheduleStorage.from_local(os.path.join(base_dir, *SCHEDULES_DIR))
        self._inst_data = inst_data
        # DagsterSqliteStorage.__init__ would open Dagster's own three storages on the same files first.
        super(DagsterSqliteStorage, self).__init__()

    @classmethod
    def from_config_value(cls, inst_data, config_value) -> SqliteStorage:
        os.makedirs(config_value["base_dir"], exist_ok=True)
        return cls(config_value["base_dir"], inst_data=inst_data)


def misfits() -> list[str]:
    """The Dagster internals this module replaces or relies on that the installed Dagster does not
    have as expected, each named; empty when they all fit."""
    expected = [(SqliteEventLogStorage, "_connect", ["self", "shard"]),
                (SqliteEventLogStorage, "_initdb", ["self", "engine", "for_index_shard"]),
                (SqliteEventLogStorage, "conn_string_for_shard", ["self", "shard_name"]),
                (SqliteRunStorage, "connect", ["self"]),
                (SqliteScheduleStorage, "connect", ["self"]),
                (SqliteEventLogStorage, "wipe", ["self"]), (SqliteRunStorage, "wipe", ["self"]),
                (SqliteEventLogStorage, "dispose", ["self"]),
                (DagsterSqliteStorage, "from_config_value", ["inst_data", "config_value"])]
    for dagsters, ours in ((SqliteEventLogStorage, LastingEventLogSchema), (SqliteRunStorage, LastingRunSchema)):
        expected += [(dagsters, name, _parameters(getattr(ours, name)))
                     for name in vars(ours) if not name.startswith("__")]
    found = [f"{owner.__name__}.{name}" for owner, name, parameters in expected
             if _parameters(getattr(owner, name, None)) != parameters]
    found += [f"{owner.__name__}.from_local" for owner in (SqliteRunStorage, SqliteScheduleStorage)
              if not callable(getattr(owner, "from_local", None))]
    return found


def _parameters(method) -> list[str] | None:
    """The names of ``method``'s parameters; None for what is not a function."""
    return list(inspect.signature(method).parameters) if callable(method) else None
