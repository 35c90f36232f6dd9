"""An instance whose storages keep one connection each (``tests/kept_connections.py``), as the tests'
are, opens none for calls one after another, stores what Dagster's own stores, from any thread, and
lets its databases go when disposed."""

import threading

import dagster as dg
import pytest
import sqlalchemy as sa

from tests.conftest import copy_world
from tests.kept_connections import keep_connections
from tests.memory_instance import memory_instance
from tests.openings import signals_ran

RUNLESS = ""  # the run id of an event reported outside any run


@dg.asset
def accounts() -> int:
    return 3


def _event(record: dg.EventLogRecord) -> tuple:
    """What the pipeline reads of a stored event: neither its run's id nor its times."""
    event = record.event_log_entry.dagster_event
    if event is None:
        return record.storage_id, None, record.event_log_entry.step_key, None, None
    if event.event_type is not dg.DagsterEventType.ASSET_CHECK_EVALUATION:
        return record.storage_id, event.event_type, event.step_key, event.asset_key, None
    check = event.asset_check_evaluation_data
    return (record.storage_id, event.event_type, event.step_key, event.asset_key,
            (check.asset_check_key, check.passed, check.severity, check.target_materialization_data.storage_id))


def _stored(instance: dg.DagsterInstance) -> dict[str, list]:
    """The instance's runs, its events in the order it stored them, the latest materialization of each
    asset and the executions of each asset check, by storage id and without ids of runs or times."""
    runs = sorted(instance.get_run_records(), key=lambda record: record.storage_id)
    events = [_event(record) for run_id in [RUNLESS, *(record.dagster_run.run_id for record in runs)]
              for record in instance.get_records_for_run(run_id).records]
    checks = sorted({event[4][0] for event in events if event[4]}, key=str)
    return {
        "runs": [(record.storage_id, record.dagster_run.job_name, record.dagster_run.status, record.dagster_run.tags,
                  record.dagster_run.asset_selection, record.dagster_run.asset_check_selection) for record in runs],
        "events": sorted(events, key=lambda event: event[0]),
        "checks": [(key, [(execution.id, execution.status) for execution in
                          instance.event_log_storage.get_asset_check_execution_history(key, limit=10)])
                   for key in checks],
        "latest": sorted((record.asset_entry.asset_key.to_string(),
                          record.asset_entry.last_materialization_record.storage_id)
                         for record in instance.get_asset_records()),
        "cursor": [instance.event_log_storage._storage_id],
    }


def _report_change(instance: dg.DagsterInstance) -> None:
    instance.report_runless_asset_event(dg.AssetMaterialization("accounts", description="a person's change"))


def test_the_signals_opening_stores_on_kept_connections_what_it_stores_on_dagsters_own(world_template, tmp_path):
    stored = []
    for name, instance in (("own", dg.DagsterInstance.ephemeral()),
                           ("kept", keep_connections(dg.DagsterInstance.ephemeral()))):
        with instance:
            signals_ran(copy_world(world_template, tmp_path / name), instance)
            _report_change(instance)
            stored.append(_stored(instance))
    own, kept = stored
    assert len(own["runs"]) == 1 and len(own["events"]) > 80 and any(event[4] for event in own["events"]), \
        "precondition: a run of steps, materializations and asset checks"
    for part in own:
        assert kept[part] == own[part], part


def test_calls_one_after_another_on_a_tests_instance_open_no_connection():
    with memory_instance() as instance:
        opened = []
        for storage in (instance.run_storage, instance.event_log_storage):
            sa.event.listen(storage._engine, "connect", lambda *_: opened.append(1))
        for _ in range(5):
            _report_change(instance)
            instance.get_runs()
        assert len(instance.get_records_for_run(RUNLESS).records) == 5
        assert not opened, "each call took the storage's kept connection"


def test_threads_take_the_kept_connection_in_turn_and_each_stores_its_events():
    with keep_connections(dg.DagsterInstance.ephemeral()) as instance:
        begun = threading.Barrier(4)
        failures = []

        def report() -> None:
            try:
                begun.wait()
                for _ in range(10):
                    _report_change(instance)
                    instance.get_runs()
            except Exception as failure:  # noqa: BLE001 - the assertion below reports it
                failures.append(failure)

        threads = [threading.Thread(target=report) for _ in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert not failures
        records = instance.get_records_for_run(RUNLESS).records
        assert [record.storage_id for record in records] == list(range(1, 41))
        assert instance.event_log_storage._storage_id == 40


def test_a_call_made_while_the_kept_connection_is_out_has_its_own():
    with keep_connections(dg.DagsterInstance.ephemeral()) as instance:
        _report_change(instance)
        storage = instance.event_log_storage
        with storage.index_connection() as connection:
            assert storage.has_table("event_logs"), "a nested call does not wait for the kept connection"
            assert connection.execute(sa.text("SELECT count(*) FROM event_logs")).scalar() == 1
        storage.wipe()
        assert not instance.get_records_for_run(RUNLESS).records


def test_a_deleted_runs_tags_go_with_it_as_foreign_keys_are_on():
    with keep_connections(dg.DagsterInstance.ephemeral()) as instance:
        run = dg.materialize([accounts], instance=instance, tags={"team": "growth"})
        assert instance.get_run_tags(tag_keys=["team"]) == [("team", {"growth"})]
        instance.delete_run(run.run_id)
        assert instance.get_run_tags(tag_keys=["team"]) == []


def test_a_disposed_instance_lets_its_databases_go():
    instance = keep_connections(dg.DagsterInstance.ephemeral())
    _report_change(instance)
    urls = [storage._engine.url for storage in (instance.run_storage, instance.event_log_storage)]
    instance.dispose()
    for url in urls:
        with sa.create_engine(url, poolclass=sa.NullPool).connect() as connection:
            assert not sa.inspect(connection).get_table_names(), f"{url} is still held"


def test_a_storage_laid_out_otherwise_is_refused_by_name():
    with dg.DagsterInstance.ephemeral() as instance:
        del instance.event_log_storage._db_lock
        with pytest.raises(RuntimeError, match="InMemoryEventLogStorage with .* replaces the engine"):
            keep_connections(instance)

