"""The tests' in-memory Dagster instance: Dagster's own ephemeral instance, new or a copy of another."""

from __future__ import annotations

import dagster as dg

from tests.gate_migrations import keep_migration_scripts

keep_migration_scripts()  # an instance made here is stamped without reading every migration again

# The attributes of Dagster's in-memory storages that a copy reads or sets: their SQLite database
# (``_engine``) and the event storage's count of stored events (``_storage_id``), which is the
# cursor it hands to a run's watchers.
_LAYOUT = {"InMemoryRunStorage": {"_engine"}, "InMemoryEventLogStorage": {"_engine", "_storage_id"}}


def memory_instance() -> dg.DagsterInstance:
    """A new, empty in-memory instance."""
    return dg.DagsterInstance.ephemeral()


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
    copy = memory_instance()
    for source, target in zip(_storages(original), _storages(copy), strict=True):
        reader, writer = source._engine.raw_connection(), target._engine.raw_connection()
        try:
            reader.driver_connection.backup(writer.driver_connection)
        finally:
            reader.close()
            writer.close()
    copy.event_log_storage._storage_id = original.event_log_storage._storage_id
    return copy
