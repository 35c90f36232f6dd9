"""The opt-out tables' schema is made sure of in one statement when it is whole, and mended when not."""

from datetime import UTC, datetime

import duckdb
import pytest

from resources.tables import has_key
from sdr_assets.domain.suppression import ADD, LIFT, Event
from sdr_assets.suppression import ensure_schema, fold_list, insert_events
from tests.counting import Counting

NOW = datetime(2026, 3, 2, 9, tzinfo=UTC)


@pytest.fixture
def con():
    with duckdb.connect() as con:
        ensure_schema(con)
        yield con


def _event(n: int) -> Event:
    return Event(f"e{n}", f"p{n}@acme.example", ADD, "unsubscribe_link", None, "system", "", NOW)


def test_a_whole_schema_is_checked_in_one_statement(con):
    counting = Counting(con)
    ensure_schema(counting)
    assert len(counting.run) == 1, counting.run


def test_an_events_table_rebuilt_without_its_key_gets_it_back(con):
    insert_events(con, [_event(1)])
    con.execute("create or replace table suppression_events as select * from suppression_events")
    ensure_schema(con)
    assert has_key(con, "suppression_events", "event_id")
    assert insert_events(con, [_event(1), _event(2)]) == 1


def test_an_offsets_table_rebuilt_without_its_key_gets_it_back(con):
    con.execute("create or replace table optout_log_offset as select * from optout_log_offset")
    ensure_schema(con)
    assert has_key(con, "optout_log_offset", "log")


def test_an_offsets_table_from_before_the_status_columns_gains_them(con):
    con.execute("alter table optout_log_offset drop column changed")
    ensure_schema(con)
    assert "changed" in con.table("optout_log_offset").columns


def test_a_sequence_dropped_after_a_rebuild_is_made_again(con):
    insert_events(con, [_event(1)])
    con.execute("create or replace table suppression_events as select * from suppression_events")
    con.execute("drop sequence suppression_events_seq")
    ensure_schema(con)
    assert insert_events(con, [_event(2)]) == 1
    assert con.execute("select event_id from suppression_events order by seq").fetchall() == [("e1",), ("e2",)]
    assert con.execute("select count(distinct seq) from suppression_events").fetchone() == (2,)


def test_a_bounce_recorded_after_the_sequence_was_made_again_still_suppresses(con):
    """Added, lifted, then added again after a rebuild lost the sequence: the last add stands."""
    bounce = [Event(f"b{n}", "ana@acme.example", action, "hard_bounce", None, "system", "", NOW)
              for n, action in enumerate((ADD, LIFT))]
    insert_events(con, bounce)
    con.execute("create or replace table suppression_events as select * from suppression_events")
    con.execute("drop sequence suppression_events_seq")
    ensure_schema(con)
    insert_events(con, [Event("b2", "ana@acme.example", ADD, "hard_bounce", None, "system", "", NOW)])
    fold_list(con)
    assert [e for (e,) in con.execute("select email from suppression_list").fetchall()] == ["ana@acme.example"]


def test_a_rebuilt_events_table_is_whole_again_after_one_mend(con):
    con.execute("create or replace table suppression_events as select * from suppression_events")
    ensure_schema(con)
    counting = Counting(con)
    ensure_schema(counting)
    assert len(counting.run) == 1, counting.run
