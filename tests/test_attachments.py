"""Warehouse files attached to the process's DuckDB: shared inside the process, released to others on exit."""

import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from resources.attachments import ReadOnlyClash
from resources.config import WarehouseFile
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
