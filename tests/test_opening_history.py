"""An instance's history saved and loaded into a new one (``tests/opening_history.py``), as the shared
openings are: runs, events and storage ids as they were, and a difference said when there is one."""

import json

import dagster as dg
import pytest

from tests.opening_history import history_difference, load_history, save_history


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
