"""Warehouse files attached to the process's DuckDB: shared inside the process, released to others on exit,
and held for a run unless another process waits for them."""

import os
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

from resources.attachments import ATTACHMENTS, THREADS_VARIABLE, WATCH_SECONDS, Attachments, ReadOnlyClash
from resources.config import WarehouseFile
from resources.setting import SettingError
from resources.tables import columns_of, table_exists

PROBE = """
import sys, duckdb
try:
    con = duckdb.connect(sys.argv[1])
except duckdb.IOException as exc:
    print("locked" if "lock" in str(exc).lower() else f"error: {exc}")
else:
    print(con.execute("select count(*) from t").fetchone()[0])
    con.close()
"""


def _other_process(path: Path) -> str:
    """What another process sees when it opens the file: ``locked``, or the rows of ``t``."""
    return subprocess.run([sys.executable, "-c", PROBE, str(path)], capture_output=True, text=True,
                          timeout=60).stdout.strip()


def test_the_lock_is_held_while_anyone_in_the_process_uses_the_file_and_released_after(tmp_path):
    warehouse = WarehouseFile(path=str(tmp_path / "warehouse.duckdb"), lock_timeout_seconds=0)
    with warehouse.connect() as outer:
        outer.execute("create table t (a integer)")
        with warehouse.connect() as inner:
            inner.execute("insert into t values (1), (2)")
        assert outer.execute("select count(*) from t").fetchone()[0] == 2, "both users see one database"
        assert _other_process(tmp_path / "warehouse.duckdb") == "locked", "the inner exit keeps the file attached"
    assert _other_process(tmp_path / "warehouse.duckdb") == "2", "the last exit checkpoints and frees the lock"
    assert not (tmp_path / "warehouse.duckdb.wal").exists()


def test_two_files_open_at_once_each_see_only_their_own_tables(tmp_path):
    first, second = (WarehouseFile(path=str(tmp_path / f"{n}.duckdb")) for n in ("first", "second"))
    with first.connect() as a, second.connect() as b:
        a.execute("create table only_first (x integer, y varchar)")
        b.execute("create table only_second (z integer)")
        assert table_exists(a, "only_first") and not table_exists(a, "only_second")
        assert table_exists(b, "only_second") and not table_exists(b, "only_first")
        assert columns_of(a, "only_first") == ["x", "y"] and columns_of(b, "only_first") == []


def test_looking_for_a_missing_table_inside_a_transaction_leaves_it_usable(tmp_path):
    warehouse = WarehouseFile(path=str(tmp_path / "warehouse.duckdb"))
    with warehouse.connect() as con:
        con.execute("create table t (a integer)")
        con.execute("begin transaction")
        con.execute("insert into t values (1)")
        assert not table_exists(con, "not_there") and columns_of(con, "not_there") == []
        con.execute("insert into t values (2)")
        con.execute("commit")
        assert con.execute("select count(*) from t").fetchone()[0] == 2


def test_a_writer_is_refused_while_the_file_is_open_read_only_in_the_process(tmp_path):
    warehouse = WarehouseFile(path=str(tmp_path / "warehouse.duckdb"))
    with warehouse.connect() as con:
        con.execute("create table t (a integer)")
    with warehouse.connect(read_only=True) as reader:
        with pytest.raises(ReadOnlyClash):
            with warehouse.connect():
                pass
        assert reader.execute("select count(*) from t").fetchone()[0] == 0
    with warehouse.connect() as writer:  # once the reader is gone, the writer gets it
        writer.execute("insert into t values (1)")
    assert _other_process(tmp_path / "warehouse.duckdb") == "1"


def test_a_file_another_process_holds_is_waited_for_then_reported(tmp_path):
    path = tmp_path / "warehouse.duckdb"
    with WarehouseFile(path=str(path)).connect() as con:
        con.execute("create table t (a integer)")
    holder = subprocess.Popen([sys.executable, "-c", "import sys, duckdb, time; c = duckdb.connect(sys.argv[1]); "
                               "print('held', flush=True); time.sleep(60)", str(path)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        with pytest.raises(Exception, match="(?i)lock"):
            with WarehouseFile(path=str(path), lock_timeout_seconds=0.3).connect():
                pass
    finally:
        holder.kill()
        holder.wait()
        holder.stdout.close()


def test_a_file_a_plain_connection_of_the_process_holds_is_shared_through_it(tmp_path):
    path = tmp_path / "warehouse.duckdb"
    plain = duckdb.connect(str(path))
    try:
        plain.execute("create table t (a integer)")
        with WarehouseFile(path=str(path)).connect() as con:
            con.execute("insert into t values (7)")
        assert plain.execute("select a from t").fetchall() == [(7,)]
    finally:
        plain.close()
    assert _other_process(path) == "1"


def test_a_held_file_stays_attached_between_users_and_is_let_go_when_the_hold_ends(tmp_path):
    path = tmp_path / "warehouse.duckdb"
    warehouse = WarehouseFile(path=str(path), lock_timeout_seconds=0)
    release = ATTACHMENTS.hold(str(path))
    try:
        with warehouse.connect() as con:
            con.execute("create table t (a integer)")
        with warehouse.connect() as con:
            con.execute("insert into t values (1)")
        assert _other_process(path) == "locked", "no one uses it, but the hold keeps it"
    finally:
        release()
    assert _other_process(path) == "1"
    assert not (tmp_path / "warehouse.duckdb.wal").exists()


WAITER = """
import sys
from resources.config import WarehouseFile
with WarehouseFile(path=sys.argv[1], lock_timeout_seconds=30).connect() as con:
    print(con.execute("select count(*) from t").fetchone()[0])
    con.execute("insert into t values (2)")
"""


def test_a_held_file_no_one_uses_is_let_go_for_a_process_that_waits_for_it(tmp_path):
    path = tmp_path / "warehouse.duckdb"
    warehouse = WarehouseFile(path=str(path))
    release = ATTACHMENTS.hold(str(path))
    try:
        with warehouse.connect() as con:
            con.execute("create table t (a integer)")
            con.execute("insert into t values (1)")
        # This process does nothing more with the file: only the watcher can let the waiter in.
        waiter = subprocess.run([sys.executable, "-c", WAITER, str(path)], capture_output=True, text=True,
                                timeout=120, cwd=Path(__file__).resolve().parents[1])
        assert (waiter.returncode, waiter.stdout.strip()) == (0, "1"), waiter.stderr
        assert not list(tmp_path.glob("*.waiting.*")), "the waiter took its announcement with it"
        with warehouse.connect() as con:
            assert con.execute("select count(*) from t").fetchone()[0] == 2, "the hold attaches it again"
        assert _other_process(path) == "locked"
    finally:
        release()


def test_an_announcement_left_by_a_dead_process_or_this_one_lets_nothing_go(tmp_path):
    path = tmp_path / "warehouse.duckdb"
    ended = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    for pid in (int(ended.stdout), os.getpid()):
        (tmp_path / f"warehouse.duckdb.waiting.{pid}").touch()
    release = ATTACHMENTS.hold(str(path))
    try:
        with WarehouseFile(path=str(path)).connect() as con:
            con.execute("create table t (a integer)")
        time.sleep(5 * WATCH_SECONDS)
        assert _other_process(path) == "locked"
    finally:
        release()
    assert _other_process(path) == "0"


def test_a_writer_after_a_reader_under_a_hold_gets_the_file_for_writing(tmp_path):
    path = tmp_path / "warehouse.duckdb"
    warehouse = WarehouseFile(path=str(path))
    with warehouse.connect() as con:
        con.execute("create table t (a integer)")
    release = ATTACHMENTS.hold(str(path))
    try:
        with warehouse.connect(read_only=True) as reader:
            assert reader.execute("select count(*) from t").fetchone()[0] == 0
        with warehouse.connect() as writer:
            writer.execute("insert into t values (1)")
    finally:
        release()
    assert _other_process(path) == "1"


def test_a_run_holds_its_warehouse_from_step_to_step_and_lets_it_go_at_its_end(tmp_path):
    import dagster as dg

    from resources.warehouse import Warehouse

    path = tmp_path / "warehouse.duckdb"
    seen = []

    @dg.asset
    def first(warehouse: Warehouse) -> None:
        with warehouse.connect() as con:
            con.execute("create table t as select 1 as a")

    @dg.asset(deps=[first])
    def second(warehouse: Warehouse) -> None:
        seen.append(_other_process(path))

    defs = dg.Definitions(assets=[first, second], resources={"warehouse": Warehouse(path=str(path))})
    assert defs.resolve_implicit_global_asset_job_def().execute_in_process().success
    assert seen == ["locked"], "between its steps the run keeps the file"
    assert _other_process(path) == "1"


def _attached_here(path: Path) -> bool:
    """Whether this process's DuckDB has the file attached: a plain connection of the process is refused it."""
    try:
        duckdb.connect(str(path)).close()
    except duckdb.ResourceInUseException:
        return True
    return False


def test_a_sweep_holds_its_warehouse_as_a_step_does_once_per_operation(tmp_path):
    from resources.warehouse import Warehouse
    from tests.interrupt_sweep import held_as_in_a_step

    path = tmp_path / "warehouse.duckdb"
    warehouse = Warehouse(path=str(path))
    for operation in ("create table t (a integer)", "insert into t values (1)"):
        with held_as_in_a_step(warehouse):
            with warehouse.connect() as con:
                con.execute(operation)
            assert _attached_here(path), "between the operation's connections the file stays attached"
        assert not _attached_here(path), "the operation's end lets it go"


def _threads(tmp_path: Path) -> int:
    """The worker threads of a new DuckDB for the process, as the attachments make it."""
    con, close = Attachments().acquire(str(tmp_path / "threads.duckdb"), read_only=False)
    try:
        return int(con.execute("select current_setting('threads')").fetchone()[0])
    finally:
        close()


def test_the_process_duckdb_takes_its_threads_from_the_setting_and_refuses_a_bad_one(tmp_path, monkeypatch):
    monkeypatch.setenv(THREADS_VARIABLE, "1")
    assert _threads(tmp_path) == 1
    monkeypatch.delenv(THREADS_VARIABLE)
    assert _threads(tmp_path) == duckdb.connect().execute("select current_setting('threads')").fetchone()[0]
    for bad, why in (("0", "1 or more"), ("two", "a whole number"), ("-1", "1 or more"), ("1.5", "a whole number")):
        monkeypatch.setenv(THREADS_VARIABLE, bad)
        with pytest.raises(SettingError, match=f"^{THREADS_VARIABLE} must be {why}, not '?{bad}'?$"):
            _threads(tmp_path)


ZONES = """
import sys, duckdb
from resources.config import WarehouseFile

def zone(con):
    return con.execute("select current_setting('TimeZone')").fetchone()[0]

found = [zone(duckdb.connect())]
for path in (":memory:", sys.argv[1]):
    with WarehouseFile(path=path).connect() as con:
        found += [zone(con), zone(con.cursor())]
plain = duckdb.connect(sys.argv[2])  # a file a plain connection of the process holds is shared through it
with WarehouseFile(path=sys.argv[2]).connect() as con:
    found += [zone(con), zone(con.cursor())]
print(" ".join(found))
"""


def test_every_connection_reads_times_in_utc_whatever_the_process_time_zone(tmp_path):
    # DuckDB takes its session zone from the process (TZ) when it starts: hence a process of its own.
    done = subprocess.run([sys.executable, "-c", ZONES, str(tmp_path / "a.duckdb"), str(tmp_path / "b.duckdb")],
                          env={**os.environ, "TZ": "Asia/Tokyo"}, cwd=Path(__file__).resolve().parents[1],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    plain, *ours = done.stdout.split()
    assert plain == "Asia/Tokyo", "the process's own zone, which a plain DuckDB takes"
    assert ours == ["UTC"] * 6
