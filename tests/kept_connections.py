"""An in-memory instance's run and event storages on one kept SQLite connection each.

Dagster's in-memory storages open a new connection to their shared in-memory database for each
call (``NullPool``) and set two PRAGMAs on it before the call's statement. Here each storage's
engine is one over the same database whose pool keeps one connection, the PRAGMAs set on it once,
and hands it to one call at a time: a call made while it is out (a nested call, or another
thread's) opens one of its own, as before, closed when given back. The storages' connection
methods then do the same SQL as Dagster's without the PRAGMAs.
"""

from __future__ import annotations

import contextlib
import functools
from collections.abc import Iterator

import dagster as dg
import sqlalchemy as sa

# What this relies on in Dagster's in-memory storages, by name: the method that opens a call's
# connection, replaced, whether it holds the storage's ``_db_lock`` meanwhile, and a table of theirs,
# which shows the new engine reaches their database. Their ``_engine`` is replaced too.
_LAYOUT = {"InMemoryRunStorage": ("connect", False, "runs"),
           "InMemoryEventLogStorage": ("_connect", True, "event_logs")}
# What Dagster sets on each connection before a call's statement, set once on each connection here.
_PRAGMAS = ("PRAGMA journal_mode=WAL;", "PRAGMA foreign_keys=ON;")


def keep_connections(instance: dg.DagsterInstance) -> dg.DagsterInstance:
    """``instance``, whose run and event storages each keep one connection for their calls."""
    for storage in (instance.run_storage, instance.event_log_storage):
        method, locked, table = _layout(storage)
        engine = _kept_engine(storage._engine.url)
        with engine.connect() as connection:
            if not sa.inspect(connection).has_table(table):
                raise RuntimeError(f"{engine.url} has no table {table}: the kept connection of "
                                   f"tests/kept_connections.py does not reach {type(storage).__name__}'s database")
        storage._engine = engine
        setattr(storage, method,
                functools.partial(_transaction, engine, storage._db_lock if locked else contextlib.nullcontext()))
    return instance


def _layout(storage) -> tuple[str, bool, str]:
    """What ``keep_connections`` relies on in ``storage``, checked to be there."""
    name = type(storage).__name__
    method, locked, _table = layout = _LAYOUT.get(name, ("", False, ""))
    needs = {"_engine", "_db_lock"} if locked else {"_engine"}
    if not method or not needs <= vars(storage).keys() or not callable(getattr(type(storage), method, None)):
        raise RuntimeError(f"Dagster's in-memory storage changed: {name} with {sorted(vars(storage))}, where "
                           f"tests/kept_connections.py replaces the engine and connection method of {sorted(_LAYOUT)}")
    return layout


def _kept_engine(url: sa.URL) -> sa.Engine:
    """An engine over the database at ``url`` that keeps one connection and opens more only while it is out.

    The kept connection goes from thread to thread, one call at a time, hence ``check_same_thread``.
    """
    engine = sa.create_engine(url, poolclass=sa.QueuePool, pool_size=1, max_overflow=-1,
                              connect_args={"check_same_thread": False})
    sa.event.listen(engine, "connect", _set_pragmas)
    return engine


def _set_pragmas(connection, _record) -> None:
    """Dagster's PRAGMAs set on a connection the engine has just opened."""
    for pragma in _PRAGMAS:
        connection.execute(pragma).close()


@contextlib.contextmanager
def _transaction(engine: sa.Engine, lock) -> Iterator[sa.Connection]:
    """A connection in a transaction, committed when the block ends and rolled back if it raises."""
    with lock, engine.connect() as connection, connection.begin():
        yield connection
