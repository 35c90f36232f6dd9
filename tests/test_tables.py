"""Many rows in one statement leave exactly what a row-by-row insert would."""

from datetime import UTC, datetime
from functools import cache
from zoneinfo import ZoneInfo

import duckdb
import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from resources.tables import (ensure_key, has_key, insert_rows, registered, rewrite_rows, table_exists, take_sequence,
                              transaction)
from sdr_assets.incremental import merge_rows

DDL = "create table t (k varchar primary key, n integer, raw blob, seen_at timestamptz, note varchar)"
COLUMNS = ("k", "n", "raw", "seen_at", "note")
AT = datetime(2026, 11, 20, 9, 30, tzinfo=UTC)


def _rows(keys: list[str]) -> list[list]:
    return [[k, i, f"raw {i}".encode(), AT if i % 2 else None, None if i % 3 else f"note {i}"]
            for i, k in enumerate(keys)]


@cache
def _database(role: str) -> duckdb.DuckDBPyConnection:
    """One in-memory database per role for every example: a new DuckDB instance costs about 20 ms."""
    return duckdb.connect()


def _fresh_table(role: str) -> duckdb.DuckDBPyConnection:
    """A cursor on ``role``'s database, whose table ``t`` is new and empty."""
    con = _database(role).cursor()
    con.execute(DDL.replace("create table", "create or replace table"))
    return con


def _one_by_one(rows: list[list], existing: list[list], sql: str) -> list[tuple]:
    with _fresh_table("row by row") as con:
        for row in existing:
            con.execute("insert into t values (?, ?, ?, ?, ?)", row)
        for row in rows:
            con.execute(sql, row)
        return con.execute("select * from t order by k").fetchall()


@settings(max_examples=40, deadline=None)
@given(keys=st.lists(st.sampled_from("abcdef"), max_size=12), existing=st.lists(st.sampled_from("abcxyz"),
                                                                                 max_size=4, unique=True))
@pytest.mark.parametrize(("on_conflict", "sql"), [
    ("nothing", "insert into t values (?, ?, ?, ?, ?) on conflict do nothing"),
    ("replace", "insert or replace into t values (?, ?, ?, ?, ?)"),
])
def test_one_statement_leaves_what_one_statement_per_row_leaves(keys, existing, on_conflict, sql):
    before = [[k, 100 + i, b"old", AT, "old"] for i, k in enumerate(existing)]
    with _fresh_table("one statement") as con:
        for row in before:
            con.execute("insert into t values (?, ?, ?, ?, ?)", row)
        insert_rows(con, "t", COLUMNS, _rows(keys), "k", on_conflict)
        assert con.execute("select * from t order by k").fetchall() == _one_by_one(_rows(keys), before, sql)


def test_an_unknown_conflict_rule_is_refused():
    with pytest.raises(ValueError, match="on_conflict"):
        insert_rows(duckdb.connect(), "t", COLUMNS, _rows(["a"]), "k", "update")


@pytest.mark.parametrize("times", [
    [AT, AT.astimezone(ZoneInfo("Etc/UTC")), AT.astimezone(ZoneInfo("Europe/Berlin"))],  # zones polars cannot mix
    [AT, AT.replace(tzinfo=None), None],  # aware and naive together: row by row, as before
])
def test_times_in_several_zones_are_written_as_a_row_by_row_insert_writes_them(times):
    rows = [[f"k{i}", i, b"", t, None] for i, t in enumerate(times)]
    con = duckdb.connect()
    con.execute("set TimeZone = 'UTC'")
    con.execute(DDL)
    insert_rows(con, "t", COLUMNS, rows, "k", "replace")
    expected = _one_by_one(rows, [], "insert or replace into t values (?, ?, ?, ?, ?)")
    assert con.execute("select * from t order by k").fetchall() == expected


def test_ids_taken_from_a_sequence_ascend_and_rows_inserted_later_by_default_follow_them():
    con = duckdb.connect()
    con.execute("create sequence s")
    con.execute("create table e (id bigint primary key default nextval('s'), what varchar)")
    con.execute("insert into e (what) values ('before')")
    ids = take_sequence(con, "s", 5000)
    assert ids == sorted(set(ids)) and len(ids) == 5000 and ids[0] > 1
    insert_rows(con, "e", ("id", "what"), [[i, f"taken {n}"] for n, i in enumerate(ids)], "id", "nothing")
    con.execute("insert into e (what) values ('after')")
    whats = [w for (w,) in con.execute("select what from e order by id").fetchall()]
    assert whats == ["before", *(f"taken {n}" for n in range(5000)), "after"]
    assert take_sequence(con, "s", 0) == []



@pytest.mark.parametrize("write", ["insert", "rewrite", "merge"])
def test_a_write_from_a_frame_that_fails_in_its_transaction_raises_its_own_error_and_leaves_no_view(write):
    """A statement that fails leaves its transaction aborted, which refuses to unregister the frame's
    view: the rollback drops it, and the caller sees why the write failed, not the refusal."""
    con = duckdb.connect()
    con.execute("create table t (k int primary key, v varchar)")
    rows = pl.DataFrame({"k": [1, 1], "v": ["a", "b"]})  # a repeated key the table refuses
    with pytest.raises(duckdb.ConstraintException):
        if write == "insert":  # as ``claim_many`` inserts
            with transaction(con), registered(con, "_frame", rows):
                con.execute("insert into t select * from _frame")
        elif write == "rewrite":
            with transaction(con):
                rewrite_rows(con, "t", rows, "k = 1")
        else:  # as triage merges its classifications, inside its transaction
            with transaction(con):
                merge_rows(con, "t", rows, ["k"])
    assert not table_exists(con, "_frame")


KEYED_TABLES = ("create table single (k varchar primary key, v varchar unique)",
                "create table pair (k varchar, v varchar, primary key (k, v))",
                "create table later (v varchar, k varchar primary key)",
                "create table rebuilt as select * from single")
# What the catalogue's constraints say, the way the key was looked up before: every constraint scanned.
CATALOGUE_KEY = ("select count(*) from duckdb_constraints() where database_name = current_database() "
                 "and schema_name = current_schema() and table_name = ? and constraint_type = 'PRIMARY KEY' "
                 "and constraint_column_names = ?")


@pytest.mark.parametrize("table", ["single", "pair", "later", "rebuilt", "missing"])
@pytest.mark.parametrize("key", ["k", "v"])
def test_a_key_is_found_exactly_where_the_catalogue_has_it(table, key):
    con = duckdb.connect()
    for ddl in KEYED_TABLES:
        con.execute(ddl)
    with transaction(con):  # a table that is not there leaves the transaction usable
        found = has_key(con, table, key)
        assert found == bool(con.execute(CATALOGUE_KEY, [table, [key]]).fetchone()[0])
    assert found == ((table, key) in {("single", "k"), ("later", "k")})


def test_a_key_a_rebuild_dropped_is_given_back_and_then_found():
    con = duckdb.connect()
    con.execute("create table t (k varchar primary key, v varchar)")
    con.execute("insert into t values ('a', '1'), ('b', '2')")
    con.execute("create or replace table t as select * from t where k = 'a'")
    assert not has_key(con, "t", "k")
    assert ensure_key(con, "t", "k") and has_key(con, "t", "k")
    assert not ensure_key(con, "t", "k")
