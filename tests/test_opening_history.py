"""An instance's history saved and loaded into a new one (``tests/opening_history.py``), as the shared
openings are: runs, events and storage ids as they were, and a difference said when there is one.
A loaded instance is a copy of one replayed once (``tests/memory_instance.py``): it goes on as a
replay of its own would, and nothing written to one copy reaches another."""

import json

import dagster as dg
import pytest

from tests.memory_instance import copy_instance
from tests.opening_history import history_difference, load_history, replay_history, save_history


@dg.asset
def accounts() -> int:
    return 3


@dg.asset_check(asset=accounts)
def accounts_counted() -> dg.AssetCheckResult:
    return dg.AssetCheckResult(passed=True, metadata={"rows": 3})


@dg.asset(deps=[accounts])
def drafts() -> int:
    return 2


def _history(instance: dg.DagsterInstance) -> None:
    """Two runs with an event reported outside any run between them, as `run_due` leaves a held gate."""
    assert dg.materialize([accounts, accounts_counted], instance=instance).success
    instance.report_runless_asset_event(dg.AssetMaterialization("accounts", description="a person's change"))
    assert dg.materialize([accounts, drafts], selection=[drafts], instance=instance).success


def test_a_loaded_history_holds_the_same_runs_events_and_storage_ids(tmp_path):
    with dg.DagsterInstance.ephemeral() as original:
        _history(original)
        save_history(original, tmp_path / "history.json")
        with load_history(tmp_path / "history.json") as copy:
            assert history_difference(original, copy) is None
            for key in (dg.AssetKey("accounts"), dg.AssetKey("drafts")):
                was, now = (i.fetch_materializations(key, limit=1).records[0] for i in (original, copy))
                assert (now.storage_id, now.run_id, now.timestamp) == (was.storage_id, was.run_id, was.timestamp)
            assert copy.fetch_materializations(dg.AssetKey("accounts"), limit=1).records[0].run_id == ""
            check = dg.AssetCheckKey(dg.AssetKey("accounts"), "accounts_counted")
            assert copy.get_latest_asset_check_evaluation_record(check).status.value == "SUCCEEDED"
            assert [run.status for run in copy.get_runs()] == [dg.DagsterRunStatus.SUCCESS] * 2


def test_a_history_missing_a_run_is_told_apart(tmp_path):
    path = tmp_path / "history.json"
    with dg.DagsterInstance.ephemeral() as original:
        _history(original)
        save_history(original, path)
        path.write_text(json.dumps(json.loads(path.read_text())[:1]))
        with load_history(path) as copy:
            assert history_difference(original, copy).startswith("the runs differ")


def test_a_history_missing_an_event_is_told_apart(tmp_path):
    path = tmp_path / "history.json"
    with dg.DagsterInstance.ephemeral() as original:
        _history(original)
        save_history(original, path)
        payloads = json.loads(path.read_text())
        del payloads[0]["event_list"][-1]  # the runless materialisation that followed the first run
        path.write_text(json.dumps(payloads))
        with load_history(path) as copy:
            assert "differs" in history_difference(original, copy)


def test_an_event_before_any_run_cannot_be_saved(tmp_path):
    with dg.DagsterInstance.ephemeral() as original:
        original.report_runless_asset_event(dg.AssetMaterialization("accounts"))
        assert dg.materialize([accounts], instance=original).success
        with pytest.raises(ValueError, match="before the first run"):
            save_history(original, tmp_path / "history.json")


def _goes_on(instance: dg.DagsterInstance) -> list[tuple]:
    """What a test would do next: a watched event outside any run, then a run; the cursors the
    watcher was handed, and the storage ids and kinds of the new events."""
    cursors = []
    instance.watch_event_logs("", None, lambda event, cursor: cursors.append(cursor))
    instance.report_runless_asset_event(dg.AssetMaterialization("accounts", description="later"))
    result = dg.materialize([accounts, drafts], instance=instance)
    assert result.success and cursors, "the watcher is handed a cursor"
    records = instance.get_records_for_run(result.run_id).records
    latest = instance.fetch_materializations(dg.AssetKey("accounts"), limit=1).records[0]
    return [*cursors, *((r.storage_id, r.event_log_entry.dagster_event_type) for r in records), latest.storage_id]


def _asset_records(instance: dg.DagsterInstance) -> list[tuple]:
    return sorted((record.storage_id, record.asset_entry) for record in instance.get_asset_records())


def _same_as_a_replay(replayed: dg.DagsterInstance, copy: dg.DagsterInstance) -> None:
    assert history_difference(replayed, copy) is None
    assert _asset_records(copy) == _asset_records(replayed)
    assert _goes_on(copy) == _goes_on(replayed)


def test_a_copied_history_goes_on_as_a_replayed_one(tmp_path):
    path = tmp_path / "history.json"
    with dg.DagsterInstance.ephemeral() as original:
        _history(original)
        save_history(original, path)
    with replay_history(path) as replayed, load_history(path) as copy:
        _same_as_a_replay(replayed, copy)


@pytest.mark.opening("revops_sent")
def test_an_openings_copied_history_goes_on_as_a_replayed_one(openings, instance):
    import tests.openings

    with replay_history(openings.history(tests.openings.revops_sent)) as replayed:
        assert replayed.get_runs() and replayed.get_records_for_run("").records, "runs and runless events to copy"
        _same_as_a_replay(replayed, instance)


def test_nothing_written_to_a_copy_reaches_its_original_or_another_copy(tmp_path):
    path = tmp_path / "history.json"
    with dg.DagsterInstance.ephemeral() as original:
        _history(original)
        save_history(original, path)
    with replay_history(path) as replayed, load_history(path) as first, load_history(path) as second:
        _goes_on(first)
        assert history_difference(replayed, first) is not None
        with load_history(path) as third:
            for untouched in (second, third):
                assert history_difference(replayed, untouched) is None
        assert _goes_on(second) == _goes_on(replayed)


def test_an_instance_dagster_no_longer_lays_out_as_copied_is_refused(tmp_path):
    with dg.instance_for_test(temp_dir=str(tmp_path)) as on_disk:
        with pytest.raises(RuntimeError, match="in-memory storage changed"):
            copy_instance(on_disk)
