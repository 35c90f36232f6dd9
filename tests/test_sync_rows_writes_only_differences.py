"""``sync_rows`` leaves a table holding exactly the frame's rows and writes only the keys whose rows
differ: empty cells and an empty key compare equal to themselves, a float compares by value, a key
stored twice is written once, and a table of other columns is rewritten once, then diffed."""

import duckdb
import polars as pl

from resources.tables import sync_rows

SCHEMA = {"play": pl.String, "account": pl.String, "note": pl.String, "fit": pl.Float64}


def _frame(rows: list[tuple]) -> pl.DataFrame:
    return pl.DataFrame(rows, schema=SCHEMA, orient="row")


def _held(con) -> list[str]:
    return sorted(map(repr, con.execute("select * from t").fetchall()))


def test_sync_writes_only_the_keys_that_differ():
    con = duckdb.connect()
    rows = [("p", "a", None, 0.1 + 0.2), ("p", None, "empty key", float("nan")), ("p", "b", "x", None)]
    assert sync_rows(con, "t", _frame(rows), ["play", "account"]) == (3, 0)
    assert sync_rows(con, "t", _frame(rows), ["play", "account"]) == (0, 0)

    con.execute("insert into t values ('p', 'b', 'x', null)")  # a key stored twice
    assert sync_rows(con, "t", _frame(rows), ["play", "account"]) == (1, 2)
    changed = [*rows[:2], ("p", "b", "y", 1.0)]
    assert sync_rows(con, "t", _frame(changed), ["play", "account"]) == (1, 1)
    assert _held(con) == sorted(map(repr, _frame(changed).rows()))


def test_a_table_of_other_columns_is_rewritten_once():
    con = duckdb.connect()
    con.execute("create table t (play varchar, account varchar, note varchar)")
    con.execute("insert into t values ('p', 'a', 'old')")
    frame = _frame([("p", "a", "old", 1.0), ("p", "c", "new", 2.0)])
    assert sync_rows(con, "t", frame, ["play", "account"]) == (2, 0)
    assert sync_rows(con, "t", frame, ["play", "account"]) == (0, 0)
