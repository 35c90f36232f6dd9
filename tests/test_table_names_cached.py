"""A connection asks the binder what a table name binds to once between two changes of its catalogue,
and every change (its own or another connection's) is seen at once."""

import duckdb
import polars as pl

from resources.attachments import ATTACHMENTS
from resources.tables import columns_of, table_exists, transaction


class CountedBinds:
    """A connection that counts the binds ``table_exists`` and ``columns_of`` ask of it."""

    def __init__(self, con: duckdb.DuckDBPyConnection) -> None:
        self.con, self.binds = con, 0

    def table(self, name: str):
        self.binds += 1
        return self.con.table(name)

    def _catalog_version(self) -> int:
        return self.con._catalog_version()


def test_a_name_is_bound_once_until_a_write(tmp_path):
    con = duckdb.connect(str(tmp_path / "w.duckdb"))
    con.execute("create table signals (signal_id varchar, score double)")
    counted = CountedBinds(con)
    assert table_exists(counted, "signals") and columns_of(counted, "signals") == ["signal_id", "score"]
    assert not table_exists(counted, "drafts") and not table_exists(counted, "drafts")
    assert counted.binds == 2, "each name is bound once while nothing changes"
    con.execute("insert into signals values ('a', 1)")
    assert table_exists(counted, "signals")
    assert counted.binds == 3, "a write may change what a name binds to: it is bound again"


def test_every_change_of_the_catalogue_is_seen(tmp_path):
    con, close = ATTACHMENTS.acquire(str(tmp_path / "w.duckdb"), read_only=False)
    other, close_other = ATTACHMENTS.acquire(str(tmp_path / "w.duckdb"), read_only=False)
    try:
        assert not table_exists(con, "t") and columns_of(con, "t") == []
        con.execute("create table t (a int)")
        assert table_exists(con, "t") and columns_of(con, "t") == ["a"]
        con.execute("alter table t add column b varchar")
        assert columns_of(con, "t") == ["a", "b"]
        with transaction(con):
            con.execute("drop table t")
            assert not table_exists(con, "t")
            con.execute("rollback")
            con.execute("begin transaction")
        assert columns_of(con, "t") == ["a", "b"], "a rolled back drop leaves the table"

        other.execute("create table u (x int)")
        assert table_exists(con, "u"), "a table another connection of the file made"
        other.execute("drop table t")
        assert not table_exists(con, "t"), "a table another connection dropped"

        con.register("_frame", pl.DataFrame({"y": [1]}))
        assert columns_of(con, "_frame") == ["y"]
        con.unregister("_frame")
        assert not table_exists(con, "_frame")
    finally:
        close_other()
        close()
