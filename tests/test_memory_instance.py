"""A new in-memory instance (``tests/memory_instance.py``) is a copy of an empty one Dagster made: the
same tables, indexes and Alembic stamp as Dagster's own new ephemeral instance, its runs and events its
own, and an instance Dagster makes meanwhile is stamped as before."""

import sqlite3

import dagster as dg

from tests.memory_instance import memory_instance


def _layout(instance: dg.DagsterInstance) -> list[tuple]:
    """Each storage's schema, Alembic stamp and instance rows, read from its SQLite database."""
    read = []
    for storage in (instance.run_storage, instance.event_log_storage):
        raw = storage._engine.raw_connection()
        try:
            database: sqlite3.Connection = raw.driver_connection
            tables = [name for (name,) in database.execute("select name from sqlite_master where type = 'table'")]
            read.append(sorted(database.execute("select type, name, tbl_name, sql from sqlite_master")))
            read.append(database.execute("select version_num from alembic_version").fetchall())
            read.append([table for table in tables if database.execute(f"select count(*) from {table}").fetchone()[0]])
        finally:
            raw.close()
    return read


def test_a_new_memory_instance_is_laid_out_and_stamped_as_dagsters_own():
    with dg.DagsterInstance.ephemeral() as dagsters, memory_instance() as ours:
        expected = _layout(dagsters)
        assert expected[1] and expected[4], "Dagster stamps both storages"
        assert _layout(ours) == expected


def test_its_runs_are_its_own_and_dagster_still_stamps_its_own_instances():
    @dg.asset
    def accounts() -> int:
        return 3

    with memory_instance() as first, memory_instance() as second:
        assert dg.materialize([accounts], instance=first).success
        assert len(first.get_runs()) == 1 and second.get_runs() == []
        with memory_instance() as third:
            assert third.get_runs() == []
    with dg.DagsterInstance.ephemeral() as dagsters:
        assert _layout(dagsters)[1], "outside a copy, Dagster's stamp runs as it did"
