"""An in-memory instance a test gave back is the next one's as new (``tests/memory_instance.py``):
the same databases as a new instance's, an empty folder, and runs on it that go as on a new one."""

import os
from pathlib import Path

import dagster as dg

from tests.memory_instance import give_back, memory_instance


@dg.asset
def accounts() -> int:
    return 3


@dg.asset_check(asset=accounts)
def accounts_counted() -> dg.AssetCheckResult:
    return dg.AssetCheckResult(passed=True)


@dg.asset
def drafts(accounts: int) -> int:
    return accounts - 1


def _databases(instance: dg.DagsterInstance) -> list[list[str]]:
    """Every row and schema of the instance's run and event databases, as SQL."""
    dumps = []
    for storage in (instance.run_storage, instance.event_log_storage):
        connection = storage._engine.raw_connection()
        try:
            dumps.append(list(connection.driver_connection.iterdump()))
        finally:
            connection.close()
    return dumps


def _run(instance: dg.DagsterInstance) -> list[tuple[int, str]]:
    """The storage ids and types of the events a run of both assets and the check stores."""
    result = dg.materialize([accounts, accounts_counted, drafts], instance=instance)
    assert result.success
    return [(record.storage_id, record.event_log_entry.dagster_event_type)
            for record in instance.get_records_for_run(result.run_id).records]


def _used(instance: dg.DagsterInstance) -> dg.DagsterInstance:
    """``instance`` after a run, an event outside any run and a watcher, as a test might leave it."""
    _run(instance)
    instance.report_runless_asset_event(dg.AssetMaterialization("accounts", description="a person's change"))
    instance.event_log_storage.watch("a-run", None, lambda *_: None)
    vars(instance)["_event_buffer"]["a-batch"].append("an event of a batch a run left unwritten")
    assert os.listdir(instance.root_directory), "precondition: the IO manager wrote the outputs there"
    return instance


def test_a_given_back_instance_comes_back_as_a_new_one():
    given = _used(memory_instance())
    give_back(given)
    with memory_instance() as again, dg.DagsterInstance.ephemeral() as new:
        assert again is given, "the spare is handed out again"
        assert _databases(again) == _databases(new)
        assert not list(Path(again.root_directory).iterdir()), "no output of the earlier runs is left to load"
        assert not again.event_log_storage._handlers and not again._subscribers and not again._event_buffer
        assert again.event_log_storage._storage_id == new.event_log_storage._storage_id == 0
        assert _run(again) == _run(new), "events take the ids they take on a new instance"


def test_an_asset_whose_input_no_run_on_it_wrote_fails_on_a_given_back_instance():
    given = _used(memory_instance())
    give_back(given)
    with memory_instance() as again:
        result = dg.materialize([accounts, drafts], selection=[drafts], instance=again, raise_on_error=False)
    assert not result.success, "the input the earlier run wrote is gone with the rest"


def test_a_given_back_instance_has_no_folder_until_one_is_asked_for():
    given = _used(memory_instance())
    folder = Path(given.root_directory)
    give_back(given)
    assert not folder.exists(), "the earlier test's outputs are removed when it gives the instance back"
    again = memory_instance()
    assert again is given and again._local_artifact_storage._temp_dir is None, \
        "dropped without being disposed, it leaves no folder to clean up (a warning when collected)"
    again.dispose()


def test_a_disposed_instance_given_back_is_not_handed_out():
    given = _used(memory_instance())
    given.dispose()
    give_back(given)
    with memory_instance() as again:
        assert again is not given
        assert _run(again), "a run goes on the instance handed out instead"
