"""A play's drafts are written as the rows that differ: the table ends as the drafts given, the rest of
the play's rows and other plays' stay where they are."""

import duckdb
import polars as pl
import pytest

from resources.tables import registered
from sdr_assets.drafts import DRAFT_SCHEMA, replace_drafts


def _drafts(play: str, **bodies: str) -> pl.DataFrame:
    return pl.DataFrame([{**dict.fromkeys(DRAFT_SCHEMA), "draft_id": d, "play": play, "step": 1, "body": body}
                         for d, body in bodies.items()], schema=DRAFT_SCHEMA)


def _stored(con, *frames: pl.DataFrame) -> None:
    with registered(con, "_rows", pl.concat(frames)):
        con.execute("create table message_drafts as select * from _rows")


def _rows(con, play: str) -> list[tuple]:
    return con.execute("select draft_id, body from message_drafts where play = ? order by draft_id", [play]).fetchall()


def _rowids(con) -> dict[str, int]:
    return dict(con.execute("select draft_id, rowid from message_drafts").fetchall())


@pytest.fixture
def con():
    with duckdb.connect() as con:
        _stored(con, _drafts("p", a="kept", b="old text", c="no longer drafted"), _drafts("q", d="other play"))
        yield con


def test_only_the_new_and_changed_drafts_are_written_and_those_no_longer_drafted_removed(con):
    before = _rowids(con)
    assert replace_drafts(con, "p", _drafts("p", a="kept", b="new text", e="new draft")) == (2, 1)
    assert _rows(con, "p") == [("a", "kept"), ("b", "new text"), ("e", "new draft")]
    assert _rows(con, "q") == [("d", "other play")]
    after = _rowids(con)
    assert after["a"] == before["a"] and after["d"] == before["d"], "an unchanged draft was written again"
    assert after["b"] != before["b"]


def test_a_draft_the_table_holds_twice_is_held_once(con):
    con.execute("insert into message_drafts select * from message_drafts where draft_id = 'a'")
    assert replace_drafts(con, "p", _drafts("p", a="kept", b="old text")) == (0, 1)
    assert _rows(con, "p") == [("a", "kept"), ("b", "old text")]


def test_drafts_with_no_id_are_removed(con):
    con.execute("insert into message_drafts (play, body) values ('p', 'typed by hand')")
    assert replace_drafts(con, "p", _drafts("p", a="kept")) == (0, 3)
    assert _rows(con, "p") == [("a", "kept")]


def test_the_first_drafts_make_the_table(con):
    con.execute("drop table message_drafts")
    assert replace_drafts(con, "p", _drafts("p", a="first")) == (1, 0)
    assert _rows(con, "p") == [("a", "first")]
