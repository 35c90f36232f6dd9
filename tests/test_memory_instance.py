"""The tests' in-memory instance against Dagster's own ephemeral one."""

import dagster as dg
import pytest

from tests.memory_instance import memory_instance


def _schema(instance: dg.DagsterInstance) -> dict[str, list]:
    shapes = {}
    for name, storage in {"runs": instance.run_storage, "events": instance.event_log_storage}.items():
        database = storage._held_conn.connection.dbapi_connection
        shapes[name] = database.execute("select type, name, tbl_name, sql from sqlite_master order by name").fetchall()
        shapes[name + " alembic"] = database.execute("select * from alembic_version").fetchall()
    return shapes


@dg.asset
def numbers() -> int:
    return 3


@dg.asset_check(asset=numbers)
def numbers_positive(numbers: int) -> dg.AssetCheckResult:
    return dg.AssetCheckResult(passed=numbers > 0)


def test_a_new_instance_has_the_schema_and_stamp_of_dagsters_own():
    with memory_instance() as ours, dg.DagsterInstance.ephemeral() as dagsters:
        assert _schema(ours) == _schema(dagsters)
        with memory_instance() as other:
            assert ours.get_runs() == [] and ours.run_storage.get_run_storage_id() != other.run_storage.get_run_storage_id()


def test_runs_events_and_checks_are_kept_each_instance_apart():
    job = dg.Definitions(assets=[numbers], asset_checks=[numbers_positive]).resolve_implicit_global_asset_job_def()
    with memory_instance() as first, memory_instance() as second:
        for _ in range(2):
            assert job.execute_in_process(instance=first).success
        assert len(first.get_runs()) == 2 and second.get_runs() == []
        assert first.get_latest_materialization_event(numbers.key) is not None
        assert second.get_latest_materialization_event(numbers.key) is None
        check = first.event_log_storage.get_latest_asset_check_execution_by_key([numbers_positive.check_key])
        assert check[numbers_positive.check_key].status.value == "SUCCEEDED"


def test_each_connection_enforces_foreign_keys():
    with memory_instance() as instance:
        with instance.event_log_storage.index_connection() as conn:
            assert conn.exec_driver_sql("pragma foreign_keys").scalar() == 1
        with instance.run_storage.connect() as conn:
            assert conn.exec_driver_sql("pragma foreign_keys").scalar() == 1


def test_a_failed_use_rolls_back_only_its_own_writes():
    with memory_instance() as instance:
        with instance.run_storage.connect() as conn:
            conn.exec_driver_sql("insert into kvs (key, value) values ('kept', '1')")
        with pytest.raises(RuntimeError), instance.run_storage.connect() as conn:
            conn.exec_driver_sql("insert into kvs (key, value) values ('dropped', '1')")
            raise RuntimeError("the use fails")
        with instance.run_storage.connect() as conn:
            assert conn.exec_driver_sql("select key from kvs").fetchall() == [("kept",)]
