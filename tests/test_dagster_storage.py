"""The project's instance storage: Dagster's SQLite files, one engine per file, read by stock Dagster."""

from __future__ import annotations

from pathlib import Path

import sqlite3

import dagster as dg
import pytest
import sqlalchemy
from dagster._core.storage.event_log.sqlite.sqlite_event_log import SqliteEventLogStorage

from sdr_assets import dagster_storage
from sdr_assets.dagster_storage import (
    EngineSqliteEventLogStorage,
    EngineSqliteRunStorage,
    EngineSqliteScheduleStorage,
    project_instance,
)
from sdr_assets.instance import INSTANCE_YAML


@dg.asset
def counted() -> int:
    return 1


@dg.asset_check(asset=counted)
def counted_is_one(counted: int) -> dg.AssetCheckResult:
    return dg.AssetCheckResult(passed=counted == 1)


@pytest.fixture
def home(tmp_path: Path) -> Path:
    (tmp_path / "dagster.yaml").write_text(INSTANCE_YAML)
    return tmp_path


@pytest.fixture
def engines_made(monkeypatch) -> list[str]:
    """The database URLs of the engines the project's storage creates."""
    made: list[str] = []

    def counting(url, **kwargs):
        made.append(str(url))
        return sqlalchemy.create_engine(url, **kwargs)

    monkeypatch.setattr(dagster_storage, "create_engine", counting)
    return made


def test_runs_and_events_are_stored_with_an_engine_per_file_not_per_connection(home, engines_made):
    with project_instance(home) as instance:
        assert isinstance(instance.run_storage, EngineSqliteRunStorage)
        assert isinstance(instance.event_log_storage, EngineSqliteEventLogStorage)
        assert isinstance(instance.schedule_storage, EngineSqliteScheduleStorage)
        runs = [dg.materialize([counted, counted_is_one], instance=instance) for _ in range(3)]
        assert all(run.success for run in runs)
        events = sum(len(instance.all_logs(run.run_id)) for run in runs)

    # Each run's file, the index, the runs file and the schedules file: Dagster's own storage makes
    # an engine for each of the hundred-odd connections these runs opened.
    assert events > 40
    assert len(engines_made) == len(set(engines_made)) == len(runs) + 3, engines_made


def test_stock_dagster_reads_what_the_project_storage_wrote(home):
    with project_instance(home) as instance:
        run = dg.materialize([counted, counted_is_one], instance=instance)
    with dg.DagsterInstance.from_config(str(home)) as stock:
        assert type(stock.event_log_storage).__name__ == "SqliteEventLogStorage"
        assert [r.run_id for r in stock.get_runs()] == [run.run_id]
        assert stock.get_latest_materialization_event(counted.key).run_id == run.run_id
        check = stock.event_log_storage.get_latest_asset_check_execution_by_key(
            [dg.AssetCheckKey(counted.key, "counted_is_one")])
        assert check[dg.AssetCheckKey(counted.key, "counted_is_one")].run_id == run.run_id


def test_a_long_lived_process_keeps_a_bounded_number_of_run_files_open_to_engines(home, engines_made, monkeypatch):
    monkeypatch.setattr(dagster_storage, "RUN_SHARD_ENGINES", 2)
    with project_instance(home) as instance:
        for _ in range(5):
            assert dg.materialize([counted], instance=instance).success
        held = list(instance.event_log_storage._engines)
        assert "index" in held and len(held) == 3
        newest = instance.get_runs(limit=2)
        assert set(held) - {"index"} == {run.run_id for run in newest}
        # A run whose engine was let go is still read, through a new one.
        oldest = instance.get_runs()[-1]
        assert instance.all_logs(oldest.run_id)


def test_an_instance_configured_with_other_storage_keeps_it(home):
    (home / "dagster.yaml").write_text(INSTANCE_YAML + f"""event_log_storage:
  module: dagster._core.storage.event_log
  class: SqliteEventLogStorage
  config:
    base_dir: {home / "elsewhere"}
""")
    with project_instance(home) as instance:
        assert type(instance.event_log_storage).__name__ == "SqliteEventLogStorage"
        assert dg.materialize([counted], instance=instance).success
    assert list((home / "elsewhere").glob("*.db"))


def _shard(storage_class, folder: Path) -> tuple:
    """What a run's new event file holds once the storage has opened it: schema, stamp, journal."""
    storage = storage_class(str(folder))
    with storage.run_connection("a-run"):
        pass
    storage.dispose()
    con = sqlite3.connect(folder / "a-run.db")
    try:
        return (sorted(con.execute("select type, name, sql from sqlite_master").fetchall(), key=str),
                con.execute("select version_num from alembic_version").fetchall(),
                con.execute("pragma journal_mode").fetchall())
    finally:
        con.close()


def test_a_runs_new_event_file_is_the_one_dagster_makes(tmp_path):
    ours, stock = _shard(EngineSqliteEventLogStorage, tmp_path / "ours"), _shard(SqliteEventLogStorage, tmp_path / "stock")
    assert ours == stock
    assert len(ours[0]) > 10 and len(ours[1]) == 1 and ours[2] == [("wal",)]
