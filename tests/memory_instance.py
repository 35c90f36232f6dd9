"""The tests' in-memory Dagster instance: Dagster's own ephemeral instance, new or a copy of another,
its storages each on one kept connection (``tests/kept_connections.py``).

Making one costs about 10 ms of CPU with Dagster's migration scripts read once per process
(``tests/migration_scripts.py``, from ``tests/conftest.py``), 35 ms without. An
instance a test has finished with (``give_back``) is the next test's, emptied to be as new: its
databases overwritten by those of an empty instance kept for the purpose, its folder removed (a
new one is made when first asked for, as on a new instance), and what it remembered of its runs'
listeners forgotten. An instance that was disposed is not kept.
"""

from __future__ import annotations

import functools

import dagster as dg

from tests.kept_connections import keep_connections

# The attributes of Dagster's in-memory storages that a copy reads or sets: their SQLite database
# (``_engine``) and the connection that keeps it alive (``_held_conn``: closed, the instance was disposed),
# the event storage's count of stored events (``_storage_id``), which is the cursor it hands to a run's
# watchers, and its watchers by run (``_handlers``).
_LAYOUT = {"InMemoryRunStorage": {"_engine", "_held_conn"},
           "InMemoryEventLogStorage": {"_engine", "_held_conn", "_storage_id", "_handlers"}}
# What an instance remembers of its runs outside its storages: their event listeners and buffered events.
_RUN_STATE = ("_subscribers", "_event_buffer")

_SPARES: list[dg.DagsterInstance] = []


@functools.cache
def _empty() -> dg.DagsterInstance:
    """An empty instance this process keeps as it was made: what a spare is emptied to."""
    return _new()


def _new() -> dg.DagsterInstance:
    """Dagster's ephemeral instance, its storages each on a connection kept for their calls."""
    return keep_connections(dg.DagsterInstance.ephemeral())


def memory_instance() -> dg.DagsterInstance:
    """An empty in-memory instance, as new: a spare one emptied (``give_back``), or a new one."""
    if not _SPARES:
        return _new()
    return _copied_into(_SPARES.pop(), _empty())


def give_back(instance: dg.DagsterInstance) -> None:
    """``instance``, which nothing uses any more, for a later ``memory_instance`` to empty and hand out;
    disposed, it is let go (its databases are gone with the connections that held them)."""
    if any(storage._held_conn.closed for storage in _storages(instance)):
        return
    _forget_folder(instance)
    _SPARES.append(instance)


def _forget_folder(instance: dg.DagsterInstance) -> None:
    """The instance's folder, where Dagster's default IO manager writes outputs, removed and forgotten:
    as on a new instance, it is made when first asked for, and nothing is left to clean up if the
    instance is dropped without being disposed."""
    storage = instance._local_artifact_storage
    if type(storage).__name__ != "TemporaryLocalArtifactStorage" or "_temp_dir" not in vars(storage):
        raise RuntimeError(f"Dagster's ephemeral folder changed: {type(storage).__name__} with {sorted(vars(storage))}, "
                           "where tests/memory_instance.py removes a TemporaryLocalArtifactStorage's _temp_dir")
    if storage._temp_dir is not None:
        storage._temp_dir.cleanup()
        storage._temp_dir = None


def _storages(instance: dg.DagsterInstance) -> tuple:
    """The instance's run and event storages, checked to be laid out as ``copy_instance`` expects."""
    storages = (instance.run_storage, instance.event_log_storage)
    for storage, (name, needs) in zip(storages, _LAYOUT.items(), strict=True):
        if type(storage).__name__ != name or not needs <= vars(storage).keys():
            raise RuntimeError(f"Dagster's in-memory storage changed: {type(storage).__name__} with "
                               f"{sorted(vars(storage))}, where tests/memory_instance.py copies a {name} "
                               f"with {sorted(needs)}")
    if not set(_RUN_STATE) <= vars(instance).keys():
        raise RuntimeError(f"Dagster's instance changed: {sorted(vars(instance))}, where tests/memory_instance.py "
                           f"forgets {list(_RUN_STATE)}")
    return storages


def _copied_into(copy: dg.DagsterInstance, original: dg.DagsterInstance) -> dg.DagsterInstance:
    """``copy`` holding what ``original`` holds, and nothing else: its SQLite databases replaced page
    by page (SQLite's backup) and the event storage's count of events set to the original's."""
    for source, target in zip(_storages(original), _storages(copy), strict=True):
        reader, writer = source._engine.raw_connection(), target._engine.raw_connection()
        try:
            reader.driver_connection.backup(writer.driver_connection)
        finally:
            reader.close()
            writer.close()
    copy.event_log_storage._storage_id = original.event_log_storage._storage_id
    copy.event_log_storage._handlers.clear()
    for name in _RUN_STATE:
        vars(copy)[name].clear()
    return copy


def copy_instance(original: dg.DagsterInstance) -> dg.DagsterInstance:
    """A new in-memory instance holding a copy of ``original``'s runs and events.

    Every run, event and storage id is the original's and later events take the ids they would have
    taken there; the event storage's count of events, its watchers' cursor, is the original's.
    Nothing written to one reaches the other.
    """
    return _copied_into(memory_instance(), original)
