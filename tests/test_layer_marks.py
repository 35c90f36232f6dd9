"""A layer's mark is written over in place: the row a layer keeps is the last one recorded, whole."""

from datetime import UTC, datetime, timedelta

import duckdb

from sdr_assets.incremental import layer_marks, record_layer_marks, record_mark, recorded_mark, unchanged
from tests.counting import Counting

NOW = datetime(2026, 12, 1, 9, tzinfo=UTC)


def _rows(con) -> list[tuple]:
    return con.execute("select * from layer_marks order by layer").fetchall()


def test_a_mark_recorded_again_replaces_every_field_of_its_row_and_no_other():
    con = duckdb.connect()
    record_mark(con, "layer", "m1", NOW, valid_until=NOW + timedelta(hours=1))
    record_mark(con, "other", "o1", NOW)
    record_mark(con, "layer", "m2", NOW + timedelta(minutes=5))
    assert _rows(con) == [("layer", "m2", None, NOW + timedelta(minutes=5)), ("other", "o1", None, NOW)]
    con.execute("create table layer (k int)")
    assert unchanged(con, "layer", "m2", NOW + timedelta(days=30)), "the old valid_until still applied"
    assert recorded_mark(con, "other") == "o1"


def test_a_known_layers_mark_is_one_update():
    con = duckdb.connect()
    record_mark(con, "layer", "m1", NOW)
    counting = Counting(con)
    record_mark(counting, "layer", "m2", NOW)
    assert [sql.split()[0] for sql in counting.run] == ["update"]


def test_marks_of_a_layers_parts_and_a_whole_layers_mark_live_side_by_side():
    con = duckdb.connect()
    record_layer_marks(con, "drafts:", {"a": "1", "b": "2"}, [], NOW)
    record_mark(con, "drafts:a", "3", NOW)
    record_layer_marks(con, "drafts:", {"b": "4"}, ["a"], NOW)
    assert layer_marks(con, "drafts:") == {"b": "4"}
