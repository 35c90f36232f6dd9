"""``table_exists`` answers as a statement naming the table would: by the binder's name lookup, without
binding one, for every kind of name the pipeline asks about and as each transaction sees the catalogue."""

from __future__ import annotations

import duckdb
import pytest

from resources.attachments import ATTACHMENTS
from resources.tables import table_exists


def _reads(con: duckdb.DuckDBPyConnection, name: str) -> bool:
    """Whether a statement reading ``name`` binds on ``con``."""
    try:
        con.execute(f"select * from {name} limit 0").fetchall()
    except duckdb.CatalogException:
        return False
    return True


NAMES = ("events", "EVENTS", "main.events", "recent", "scratch", "temp.scratch", "temp.main.scratch",
         "duckdb_tables", "information_schema.tables", "other.events", "missing", "main.missing", "scratch.events")


@pytest.fixture
def cursors(tmp_path):
    """Two cursors on one attached warehouse, as two steps of a run use it, with a table, a view, a
    schema holding a table and a temporary table of the first cursor."""
    path = str(tmp_path / "warehouse.duckdb")
    first, close_first = ATTACHMENTS.acquire(path, read_only=False)
    second, close_second = ATTACHMENTS.acquire(path, read_only=False)
    first.execute("create table events (id int)")
    first.execute("create view recent as select * from events")
    first.execute("create schema other")
    first.execute("create table other.events (id int)")
    first.execute("create temp table scratch (id int)")
    yield first, second
    close_second()
    close_first()


def _answers(cursors, names) -> tuple[dict, dict]:
    """``table_exists`` and a statement's answer for each name on each cursor."""
    return ({(name, i): table_exists(con, name) for i, con in enumerate(cursors) for name in names},
            {(name, i): _reads(con, name) for i, con in enumerate(cursors) for name in names})


def test_every_name_is_found_exactly_where_a_statement_reads_it(cursors):
    found, read = _answers(cursors, NAMES)
    assert found == read


def test_a_table_created_or_dropped_in_a_transaction_is_seen_as_each_transaction_sees_it(cursors):
    first, second = cursors
    first.execute("begin transaction")
    first.execute("create table drafts (id int)")
    second.execute("begin transaction")
    second.execute("drop table events")
    found, read = _answers(cursors, ("drafts", "events"))
    assert found == read == {("drafts", 0): True, ("drafts", 1): False, ("events", 0): True, ("events", 1): False}
    second.execute("commit")
    first.execute("rollback")
    found, read = _answers(cursors, ("drafts", "events"))
    assert found == read


def test_a_miss_inside_a_transaction_leaves_it_usable(cursors):
    first, _ = cursors
    first.execute("begin transaction")
    assert not table_exists(first, "missing")
    first.execute("insert into events values (1)")
    first.execute("commit")
    assert first.execute("select count(*) from events").fetchone() == (1,)
