"""The tests' in-memory Dagster instance: Dagster's own ephemeral instance, new or a copy of another."""

from __future__ import annotations

import threading

import dagster as dg
import dagster._core.storage.event_log.in_memory as event_storage_module
import dagster._core.storage.runs.in_memory as run_storage_module

# The attributes of Dagster's in-memory storages that a copy reads or sets: their SQLite database
# (``_engine``) and the event storage's count of stored events (``_storage_id``), which is the
# cursor it hands to a run's watchers.
_LAYOUT = {"InMemoryRunStorage": {"_engine"}, "InMemoryEventLogStorage": {"_engine", "_storage_id"}}


class _Copying(threading.local):
    """Whether this thread is making storages whose databases a copy is about to replace."""

    now = False


_copying = _Copying()


def _stamped_unless_copied(stamp):
    """Dagster's Alembic stamp of a new storage, left out while ``_copying``: the stamp reads every
    migration script from disk (three quarters of an instance's creation), and the copy brings the
    stamp of the instance it copies, which Dagster stamped."""
    def stamp_unless_copied(*args, **kwargs) -> None:
        if not _copying.now:
            stamp(*args, **kwargs)

    stamp_unless_copied.stamp = stamp
    return stamp_unless_copied


for _module in (run_storage_module, event_storage_module):
    if not hasattr(_module.stamp_alembic_rev, "stamp"):
        _module.stamp_alembic_rev = _stamped_unless_copied(_module.stamp_alembic_rev)

_EMPTY: list[dg.DagsterInstance] = []  # this process's empty instance, made and stamped by Dagster alone


def memory_instance() -> dg.DagsterInstance:
    """A new, empty in-memory instance: a copy of an empty one Dagster made (``copy_instance``)."""
    if not _EMPTY:
        _EMPTY.append(dg.DagsterInstance.ephemeral())
    return copy_instance(_EMPTY[0])


def _storages(instance: dg.DagsterInstance) -> tuple:
    """The instance's run and event storages, checked to be laid out as ``copy_instance`` expects."""
    storages = (instance.run_storage, instance.event_log_storage)
    for storage, (name, needs) in zip(storages, _LAYOUT.items(), strict=True):
        if type(storage).__name__ != name or not needs <= vars(storage).keys():
            raise RuntimeError(f"Dagster's in-memory storage changed: {type(storage).__name__} with "
                               f"{sorted(vars(storage))}, where tests/memory_instance.py copies a {name} "
                               f"with {sorted(needs)}")
    return storages


def copy_instance(original: dg.DagsterInstance) -> dg.DagsterInstance:
    """A new in-memory instance holding a copy of ``original``'s runs and events.

    Its SQLite databases are copied page by page (SQLite's backup), so every run, event and storage
    id is the original's and later events take the ids they would have taken there; the event
    storage's count of events, its watchers' cursor, is set to the original's. Nothing written to
    one reaches the other.
    """
    _copying.now = True
    try:
        copy = dg.DagsterInstance.ephemeral()
    finally:
        _copying.now = False
    for source, target in zip(_storages(original), _storages(copy), strict=True):
        reader, writer = source._engine.raw_connection(), target._engine.raw_connection()
        try:
            reader.driver_connection.backup(writer.driver_connection)
        finally:
            reader.close()
            writer.close()
    copy.event_log_storage._storage_id = original.event_log_storage._storage_id
    return copy
