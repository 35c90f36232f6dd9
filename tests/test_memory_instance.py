"""The tests' in-memory instance against Dagster's own ephemeral one, and the way back to it."""

import sys

import dagster as dg
import pytest

from tests import memory_instance as chooser
from tests.conftest import opening_copies
from tests.memory_storage import KeptEventLogStorage, kept_memory_instance as memory_instance


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


@pytest.fixture(autouse=True)
def _kept_storage_asked_for(monkeypatch):
    """These tests are about the kept storage, whichever one ``SDR_DAGSTER_STORAGE`` gives the suite."""
    monkeypatch.delenv("SDR_DAGSTER_STORAGE", raising=False)


def test_the_kept_storage_fits_the_pinned_dagster():
    """Otherwise every test would run on the fallback below, slower, and only this one would say why."""
    assert chooser.memory_storage_misfit() is None
    with chooser.memory_instance() as instance:
        assert isinstance(instance.event_log_storage, KeptEventLogStorage)


@pytest.fixture
def storage_moved(monkeypatch):
    """As after an upgrade of Dagster that moves the internals ``tests/memory_storage.py`` imports."""
    monkeypatch.setitem(sys.modules, "tests.memory_storage", None)
    chooser.kept_memory_storage_misfit.cache_clear()
    yield
    chooser.kept_memory_storage_misfit.cache_clear()


def test_when_the_kept_storage_does_not_import_tests_run_on_dagsters_ephemeral_instance(storage_moved):
    assert "tests.memory_storage does not import" in chooser.memory_storage_misfit()
    job = dg.Definitions(assets=[numbers], asset_checks=[numbers_positive]).resolve_implicit_global_asset_job_def()
    with chooser.memory_instance() as instance, chooser.memory_instance() as other:
        assert not isinstance(instance.event_log_storage, KeptEventLogStorage)
        assert type(instance.event_log_storage).__name__ == "InMemoryEventLogStorage"
        assert job.execute_in_process(instance=instance).success
        assert len(instance.get_runs()) == 1 and other.get_runs() == []
        check = instance.event_log_storage.get_latest_asset_check_execution_by_key([numbers_positive.check_key])
        assert check[numbers_positive.check_key].status.value == "SUCCEEDED"


def test_the_setting_for_dagsters_own_storage_gives_dagsters_ephemeral_instance(monkeypatch):
    monkeypatch.setenv("SDR_DAGSTER_STORAGE", "dagster")
    assert chooser.memory_storage_misfit() == "SDR_DAGSTER_STORAGE=dagster asks for it"
    with chooser.memory_instance() as instance:
        assert type(instance.event_log_storage).__name__ == "InMemoryEventLogStorage"
    monkeypatch.setenv("SDR_DAGSTER_STORAGE", "Kept ")
    with chooser.memory_instance() as instance:
        assert isinstance(instance.event_log_storage, KeptEventLogStorage)


OPENINGS_RUN: list[str] = []


def _opening(root, instance) -> None:
    """An opening whose run lands in the instance and whose mark lands in the folder."""
    OPENINGS_RUN.append(root.name)
    job = dg.Definitions(assets=[numbers], asset_checks=[numbers_positive]).resolve_implicit_global_asset_job_def()
    assert job.execute_in_process(instance=instance).success
    (root / "opened").write_text(str(len(list((root / "plays").iterdir()))))


@pytest.mark.parametrize("moved", [False, True], ids=["copied", "run again"])
def test_an_opening_leaves_the_folder_and_the_instance_as_running_it_would(moved, request, tmp_path, world_template):
    if moved:
        request.getfixturevalue("storage_moved")
    OPENINGS_RUN.clear()
    (tmp_path / "shared").mkdir()
    open_into = opening_copies(tmp_path / "shared", world_template)
    for test in ("first", "second"):
        with chooser.memory_instance() as instance:
            open_into(_opening, tmp_path / test, instance)
            assert (tmp_path / test / "opened").read_text() == str(len(list((world_template / "plays").iterdir())))
            assert len(instance.get_runs()) == 1
            assert instance.get_latest_materialization_event(numbers.key) is not None
    assert len(OPENINGS_RUN) == (2 if moved else 1), OPENINGS_RUN
    assert any((tmp_path / "shared").iterdir()) != moved, "a template is built only where it can be copied"
