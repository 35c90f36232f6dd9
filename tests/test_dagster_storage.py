"""`sdr run`'s Dagster storage: Dagster's SQLite files, each file's engine kept for the life of the storage."""

import re
import shutil
import sqlite3
import sys
import threading
from pathlib import Path

import dagster as dg
import pytest
import sqlalchemy

import sdr_assets.dagster_storage as storage
from sdr_assets.dagster_storage import KeptEngines
import sdr_assets.instance as instance_module
from resources.setting import SettingError
from sdr_assets.instance import SETTINGS_YAML, ensure_dagster_home, instance_yaml, temporary_instance


@dg.asset
def counted() -> int:
    return 1


@dg.asset
def doubled(counted: int) -> int:
    return counted * 2


@dg.asset_check(asset=doubled)
def doubled_is_even(doubled: int) -> dg.AssetCheckResult:
    return dg.AssetCheckResult(passed=doubled % 2 == 0)


ASSETS = [counted, doubled, doubled_is_even]


@pytest.fixture(autouse=True)
def _kept_storage_asked_for(monkeypatch):
    """These tests are about the kept storage, whichever one ``SDR_DAGSTER_STORAGE`` gives the suite."""
    monkeypatch.delenv("SDR_DAGSTER_STORAGE", raising=False)


@pytest.fixture
def engines_made(monkeypatch) -> list[str]:
    made: list[str] = []
    create = storage.create_engine

    def counting(conn_string, **kwargs):
        made.append(conn_string)
        return create(conn_string, **kwargs)

    monkeypatch.setattr(storage, "create_engine", counting)
    return made


def test_runs_store_every_event_through_one_engine_per_file(engines_made):
    with temporary_instance() as instance:
        assert isinstance(instance.event_log_storage, storage.EventLogStorage)
        assert isinstance(instance.run_storage, storage.RunStorage)
        assert isinstance(instance.schedule_storage, storage.ScheduleStorage)
        results = [dg.materialize(ASSETS, instance=instance) for _ in range(3)]
        assert all(result.success for result in results)
        events = sum(len(instance.all_logs(result.run_id)) for result in results)
        # The runs, ticks and cross-run index databases and one shard per run; Dagster's own storage
        # made an engine for every connection, several per event.
        assert len(engines_made) == len(set(engines_made)) == 3 + len(results), engines_made
        assert events > 10 * len(engines_made)
        assert instance.get_latest_materialization_event(doubled.key).asset_materialization is not None
        check = instance.event_log_storage.get_latest_asset_check_execution_by_key([doubled_is_even.check_key])
        assert check[doubled_is_even.check_key].status.value == "SUCCEEDED"


def test_another_instance_reads_what_a_run_wrote_while_the_writer_keeps_its_connections(tmp_path):
    """As the webserver does during `sdr run`: a second instance on the same folder sees the run, its
    events and its assets as soon as the run has stored them, and a run it starts is seen back."""
    home = tmp_path / "home"
    home.mkdir()
    (home / "dagster.yaml").write_text(instance_yaml(str(home)))
    with dg.DagsterInstance.from_config(str(home)) as writer, dg.DagsterInstance.from_config(str(home)) as reader:
        run_id = dg.materialize(ASSETS, instance=writer).run_id
        assert [run.run_id for run in reader.get_runs()] == [run_id]
        assert reader.get_run_record_by_id(run_id).dagster_run.is_success
        assert len(reader.all_logs(run_id, of_type=dg.DagsterEventType.RUN_SUCCESS)) == 1
        assert reader.get_latest_materialization_event(counted.key).run_id == run_id
        second = dg.materialize(ASSETS, instance=reader).run_id
        assert writer.get_latest_materialization_event(doubled.key).run_id == second
        assert len(writer.get_runs()) == 2
    assert (home / "history" / "runs" / f"{run_id}.db").exists(), "Dagster's own layout, readable by Dagster's storage"


def test_a_wiped_instance_stores_new_runs_in_new_files():
    with temporary_instance() as instance:
        old = dg.materialize(ASSETS, instance=instance).run_id
        shard = instance.event_log_storage.path_for_shard(old)
        instance.wipe()
        assert not Path(shard).exists() and instance.get_runs() == []
        new = dg.materialize(ASSETS, instance=instance).run_id
        assert Path(instance.event_log_storage.path_for_shard(new)).exists()
        assert [e.run_id for e in [instance.get_latest_materialization_event(doubled.key)]] == [new]


def test_a_copied_home_keeps_its_history_in_the_copy(tmp_path, monkeypatch):
    first, copy = tmp_path / "first", tmp_path / "copy"
    first.mkdir()
    (first / "dagster.yaml").write_text(instance_yaml())
    monkeypatch.setenv("DAGSTER_HOME", str(first))
    with dg.DagsterInstance.get() as instance:
        dg.materialize(ASSETS, instance=instance)
    shutil.copytree(first, copy)
    monkeypatch.setenv("DAGSTER_HOME", str(copy))
    with dg.DagsterInstance.get() as instance:
        dg.materialize(ASSETS, instance=instance)
        assert len(instance.get_runs()) == 2
    monkeypatch.setenv("DAGSTER_HOME", str(first))
    with dg.DagsterInstance.get() as original:
        assert len(original.get_runs()) == 1, "the copy wrote nothing into the folder it came from"


@pytest.fixture
def stamps(monkeypatch) -> list[str]:
    """Each time Dagster stamps a new event-log database with its schema's revision (alembic reads
    every migration script to do it)."""
    module = sys.modules[storage.SqliteEventLogStorage.__module__]
    made: list[str] = []
    stamp = module.stamp_alembic_rev

    def counting(config, connection, rev="head"):
        made.append(rev)
        return stamp(config, connection, rev=rev)

    monkeypatch.setattr(module, "stamp_alembic_rev", counting)
    return made


def _shape(path: Path) -> tuple:
    with sqlite3.connect(path) as db:
        return (db.execute("select type, name, tbl_name, sql from sqlite_master order by type, name").fetchall(),
                db.execute("select version_num from alembic_version").fetchall(),
                db.execute("pragma journal_mode").fetchone())


def test_a_new_runs_shard_is_dagsters_empty_shard_made_without_reading_the_migrations(tmp_path, stamps):
    ours = storage.EventLogStorage(str(tmp_path / "ours"))
    theirs = storage.SqliteEventLogStorage(str(tmp_path / "theirs"))
    ours._empty_shard()  # made once per process, by Dagster
    stamps.clear()
    for shard in ("run-a", "run-b"):
        with ours._connect(shard):
            pass
    assert stamps == [], "no alembic for a run's shard"
    with theirs._connect("run-a"):
        pass
    assert stamps == ["head"]
    shapes = {name: _shape(Path(side.path_for_shard("run-a"))) for name, side in (("ours", ours), ("theirs", theirs))}
    assert shapes["ours"] == shapes["theirs"]
    assert shapes["ours"][1] and shapes["ours"][2] == ("wal",)
    assert _shape(Path(ours.path_for_shard("run-b"))) == shapes["theirs"]
    assert not list((tmp_path / "ours").glob("*.new")), "no partial copy is left"
    ours.dispose()
    theirs.dispose()


def test_a_shard_file_another_process_made_first_is_left_to_dagster(tmp_path, stamps):
    ours = storage.EventLogStorage(str(tmp_path / "ours"))
    ours._empty_shard()
    stamps.clear()
    Path(ours.path_for_shard("run-c")).touch()  # created by another process, not initialised yet
    with ours._connect("run-c"):
        pass
    assert stamps == ["head"]
    assert _shape(Path(ours.path_for_shard("run-c")))[1]
    ours.dispose()


def _schema_reads(statement: str) -> bool:
    """A statement that reads the schema or the completed data migrations, not the data."""
    return re.search(r"pragma .*table_x?info|sqlite_master|secondary_indexes", statement, re.IGNORECASE) is not None


@pytest.fixture
def statements() -> list[str]:
    """Every statement SQLAlchemy sends to a database while the test runs."""
    sent: list[str] = []

    def record(conn, cursor, statement, parameters, context, executemany):
        sent.append(statement)

    sqlalchemy.event.listen(sqlalchemy.engine.Engine, "before_cursor_execute", record)
    yield sent
    sqlalchemy.event.remove(sqlalchemy.engine.Engine, "before_cursor_execute", record)


def test_once_a_run_has_found_the_schema_later_runs_never_read_it_again(statements):
    with temporary_instance() as instance:
        assert dg.materialize(ASSETS, instance=instance).success
        first = sum(map(_schema_reads, statements))
        statements.clear()
        results = [dg.materialize(ASSETS, instance=instance) for _ in range(2)]
        assert all(result.success for result in results)
        assert instance.get_latest_materialization_event(doubled.key).run_id == results[-1].run_id
        assert first > 0 and [s for s in statements if _schema_reads(s)] == []
        assert len(statements) > 50, "the runs did store their events"


def test_a_missing_table_is_looked_for_again_and_a_wipe_forgets_what_was_found(statements):
    with temporary_instance() as instance:
        events = instance.event_log_storage
        assert not events.has_table("added_later")
        with events.index_connection() as conn:
            conn.exec_driver_sql("create table added_later (id integer)")
        assert events.has_table("added_later"), "a no is asked again"
        assert events.has_asset_key_col("cached_status_data")
        statements.clear()
        assert events.has_table("added_later") and events.has_asset_key_col("cached_status_data")
        asked = sum(map(_schema_reads, statements))
        instance.wipe()
        statements.clear()
        assert events.has_asset_key_col("cached_status_data")
        assert asked == 0 and sum(map(_schema_reads, statements)) == 1, "known before the wipe, asked again after"


def test_kept_engines_drop_the_least_recently_used(engines_made):
    engines = KeptEngines(2)
    a, b = engines.get("sqlite:///a.db"), engines.get("sqlite:///b.db")
    assert engines.get("sqlite:///a.db") is a
    engines.get("sqlite:///c.db")
    assert len(engines) == 2
    assert engines.get("sqlite:///a.db") is a, "a was used after b"
    assert engines.get("sqlite:///b.db") is not b, "b was the least recently used, so it was dropped"
    assert engines_made == ["sqlite:///a.db", "sqlite:///b.db", "sqlite:///c.db", "sqlite:///b.db"]
    engines.dispose()
    assert len(engines) == 0


def _ensured(monkeypatch, home: Path) -> dg.DagsterInstance:
    monkeypatch.setenv("DAGSTER_HOME", str(home))
    monkeypatch.setenv("SDR_MODE", "live")
    assert ensure_dagster_home() == home
    return dg.DagsterInstance.get()


def test_a_new_home_gets_the_projects_settings_and_storage(tmp_path, monkeypatch):
    with _ensured(monkeypatch, tmp_path / "home") as instance:
        assert isinstance(instance.event_log_storage, storage.EventLogStorage)
        assert instance.run_coordinator.inst_data.config_dict == {"max_concurrent_runs": 1}


def test_the_projects_earlier_settings_gain_the_storage_and_keep_their_history(tmp_path, monkeypatch):
    home = tmp_path / "home"
    home.mkdir()
    (home / "dagster.yaml").write_text(SETTINGS_YAML)
    monkeypatch.setenv("DAGSTER_HOME", str(home))
    with dg.DagsterInstance.get() as before:
        assert not isinstance(before.event_log_storage, storage.EventLogStorage)
        old = dg.materialize(ASSETS, instance=before).run_id
    with _ensured(monkeypatch, home) as instance:
        assert isinstance(instance.event_log_storage, storage.EventLogStorage)
        assert [run.run_id for run in instance.get_runs()] == [old]
        assert instance.get_latest_materialization_event(doubled.key).run_id == old


def test_settings_edited_by_hand_are_left_alone(tmp_path, monkeypatch):
    home = tmp_path / "home"
    home.mkdir()
    edited = SETTINGS_YAML + "run_monitoring:\n  enabled: false\n"
    (home / "dagster.yaml").write_text(edited)
    with _ensured(monkeypatch, home) as instance:
        assert not isinstance(instance.event_log_storage, storage.EventLogStorage)
    assert (home / "dagster.yaml").read_text() == edited


def _instance_in(folder: Path, settings: str) -> dg.DagsterInstance:
    folder.mkdir()
    (folder / "dagster.yaml").write_text(settings)
    return dg.DagsterInstance.from_config(str(folder))


def _busy_timeouts(instance: dg.DagsterInstance) -> tuple[int, int]:
    """Milliseconds the event index's and the runs database's connections wait for a write lock."""
    with instance.event_log_storage.index_connection() as events, instance.run_storage.connect() as runs:
        return (events.exec_driver_sql("pragma busy_timeout").scalar(),
                runs.exec_driver_sql("pragma busy_timeout").scalar())


def test_the_dagster_internals_this_storage_replaces_are_as_it_expects(tmp_path):
    """What an upgrade of Dagster could move under ``sdr_assets.dagster_storage``; each failure names it.
    Dagster's own storage is the one its default ``dagster.yaml`` gives, read through the instance."""
    assert storage.misfits() == []
    assert instance_module.storage_misfit() is None and instance_module.storage_note() is None
    with (_instance_in(tmp_path / "ours", instance_yaml(str(tmp_path / "ours"))) as ours,
          _instance_in(tmp_path / "theirs", SETTINGS_YAML) as theirs):
        events = ours.event_log_storage
        assert isinstance(events, storage.EventLogStorage)
        assert not isinstance(theirs.event_log_storage, storage.EventLogStorage)
        assert isinstance(events._db_lock, type(threading.Lock())) and isinstance(events._initialized_dbs, set)
        assert callable(events._initdb)
        assert _busy_timeouts(ours) == _busy_timeouts(theirs)
        assert _busy_timeouts(ours)[0] == storage.BUSY_TIMEOUT_SECONDS * 1000
        assert ours.run_storage._conn_string == theirs.run_storage._conn_string.replace("theirs", "ours")
        assert ours.schedule_storage._conn_string == theirs.schedule_storage._conn_string.replace("theirs", "ours")
        assert (events.conn_string_for_shard("index")
                == theirs.event_log_storage.conn_string_for_shard("index").replace("theirs", "ours"))
    files = {side: sorted(p.relative_to(tmp_path / side) for p in (tmp_path / side).rglob("*.db"))
             for side in ("ours", "theirs")}
    assert files["ours"] == files["theirs"], "Dagster's files, in Dagster's layout"


def test_dagsters_own_storage_reads_the_history_this_one_wrote(tmp_path):
    """The way back: without the ``storage:`` block Dagster's default storage opens the same files."""
    home = tmp_path / "home"
    home.mkdir()
    (home / "dagster.yaml").write_text(instance_yaml(str(home)))
    with dg.DagsterInstance.from_config(str(home)) as ours:
        run_id = dg.materialize(ASSETS, instance=ours).run_id
    (home / "dagster.yaml").write_text(SETTINGS_YAML)
    with dg.DagsterInstance.from_config(str(home)) as theirs:
        assert not isinstance(theirs.event_log_storage, storage.EventLogStorage)
        assert [run.run_id for run in theirs.get_runs()] == [run_id]
        assert len(theirs.all_logs(run_id, of_type=dg.DagsterEventType.RUN_SUCCESS)) == 1
        assert theirs.get_latest_materialization_event(doubled.key).run_id == run_id
        check = theirs.event_log_storage.get_latest_asset_check_execution_by_key([doubled_is_even.check_key])
        assert check[doubled_is_even.check_key].run_id == run_id


@pytest.fixture
def misfit_cleared():
    instance_module.kept_storage_misfit.cache_clear()
    yield
    instance_module.kept_storage_misfit.cache_clear()


def _reshaped(self, engine):
    """A method as an upgrade of Dagster might reshape it."""


def test_an_internal_that_changed_is_named_and_the_storage_left_out(monkeypatch, misfit_cleared):
    monkeypatch.setattr(storage.SqliteEventLogStorage, "_initdb", _reshaped)
    monkeypatch.setattr(storage.SqliteRunStorage, "has_backfill_tags_table", _reshaped)
    assert storage.misfits() == ["SqliteEventLogStorage._initdb", "SqliteRunStorage.has_backfill_tags_table"]
    assert instance_yaml() == instance_yaml("/anywhere") == SETTINGS_YAML
    note = instance_module.storage_note()
    assert note.startswith("Dagster's own storage in use") and "SqliteEventLogStorage._initdb" in note


def test_after_an_upgrade_breaks_the_import_a_home_runs_on_dagsters_storage_with_its_history(
        tmp_path, monkeypatch, misfit_cleared):
    """The home the kept storage wrote falls back to Dagster's own storage, which the webserver then
    opens from the same ``dagster.yaml``; when the storage fits again, the home takes it back."""
    home = tmp_path / "home"
    with _ensured(monkeypatch, home) as before:
        assert isinstance(before.event_log_storage, storage.EventLogStorage)
        old = dg.materialize(ASSETS, instance=before).run_id
    monkeypatch.setitem(sys.modules, "sdr_assets.dagster_storage", None)
    instance_module.kept_storage_misfit.cache_clear()
    assert "sdr_assets.dagster_storage does not import" in instance_module.storage_note()
    with _ensured(monkeypatch, home) as fallen_back:
        assert (home / "dagster.yaml").read_text() == SETTINGS_YAML
        assert not isinstance(fallen_back.event_log_storage, storage.EventLogStorage)
        assert [run.run_id for run in fallen_back.get_runs()] == [old]
        new = dg.materialize(ASSETS, instance=fallen_back).run_id
        check = fallen_back.event_log_storage.get_latest_asset_check_execution_by_key([doubled_is_even.check_key])
        assert check[doubled_is_even.check_key].run_id == new
    monkeypatch.setitem(sys.modules, "sdr_assets.dagster_storage", storage)
    instance_module.kept_storage_misfit.cache_clear()
    with _ensured(monkeypatch, home) as restored:
        assert isinstance(restored.event_log_storage, storage.EventLogStorage)
        assert [run.run_id for run in restored.get_runs()] == [new, old]


def test_the_setting_for_dagsters_own_storage_is_followed_and_a_bad_one_refused(tmp_path, monkeypatch):
    home = tmp_path / "home"
    monkeypatch.setenv("SDR_DAGSTER_STORAGE", "dagster")
    assert instance_module.storage_note().endswith("SDR_DAGSTER_STORAGE=dagster asks for it")
    with _ensured(monkeypatch, home) as theirs:
        assert (home / "dagster.yaml").read_text() == SETTINGS_YAML
        assert not isinstance(theirs.event_log_storage, storage.EventLogStorage)
        run_id = dg.materialize(ASSETS, instance=theirs).run_id
    monkeypatch.setenv("SDR_DAGSTER_STORAGE", "lasting")
    with pytest.raises(SettingError, match="SDR_DAGSTER_STORAGE must be one of .*'lasting'"):
        instance_yaml()
    monkeypatch.setenv("SDR_DAGSTER_STORAGE", " KEPT")
    with _ensured(monkeypatch, home) as ours:
        assert isinstance(ours.event_log_storage, storage.EventLogStorage)
        assert [run.run_id for run in ours.get_runs()] == [run_id]
