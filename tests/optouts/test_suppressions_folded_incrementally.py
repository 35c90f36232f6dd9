"""``suppression_events`` and ``suppression_list`` kept run by run read only what is new, and hold what
a whole rebuild from the same replies, logs, entries and lifts holds."""

from datetime import UTC, datetime, timedelta

import polars as pl

from resources.defaults import build_resources
from resources.warehouse import frame_of, replace_rows
from sdr_assets import optout_log
from sdr_assets.domain.suppression import LIFT, events_from_replies
from sdr_assets.replies import CLASSIFICATION_SCHEMA
from sdr_assets.suppression import (
    LIST_SCHEMA, add_entry, fold_list, lift_entry, list_frame, owing_replies, read_events,
)
from tests.suppression_folds import fold_suppressions

NOW = datetime(2026, 11, 20, 9, tzinfo=UTC)
BASE = {name: None for name in CLASSIFICATION_SCHEMA} | {"recipients": "[]", "optout_targets": "[]"}


def _soft(day: int) -> dict:
    return {**BASE, "message_id": f"<s{day}@mx>", "kind": "bounce", "hard": False,
            "recipients": '["full@acme.example"]', "received_at": NOW + timedelta(days=day)}


def _unsubscribe(targets: str) -> dict:
    return {**BASE, "message_id": "<u1@acme>", "kind": "human", "label": "unsubscribe", "optout_targets": targets,
            "optout_via": "unsubscribe_reply"}


def _assert_as_whole(con) -> None:
    """The list is the events folded whole, and the replies owe no event that is not recorded."""
    stored = frame_of(con, "select * from suppression_list")
    whole = list_frame(read_events(con))
    assert stored.schema == pl.Schema(LIST_SCHEMA)
    assert stored.sort("email").equals(whole.sort("email")), "the list kept run by run is the list folded whole"
    owed = {e.event_id for e in events_from_replies(owing_replies(con), NOW, read_events(con, LIFT))}
    recorded = {row[0] for row in con.execute("select event_id from suppression_events").fetchall()}
    assert owed <= recorded, f"a whole read of the replies owes {sorted(owed - recorded)}"


def test_runs_over_growing_history_read_only_what_is_new_and_match_a_whole_rebuild(tmp_path):
    resources = build_resources({"SDR_DATA_DIR": str(tmp_path), "SDR_NOW": NOW.isoformat()})
    warehouse = resources["warehouse"]
    rows = [{**BASE, "message_id": "<b1@mx>", "kind": "bounce", "hard": True, "recipients": '["gone@acme.example"]'},
            _unsubscribe('["ann@acme.example"]'), _soft(0),
            {**BASE, "message_id": "<h1@acme>", "kind": "human", "label": "interested",
             "contact_email": "keen@acme.example"}]

    def run(new_rows: list[dict]) -> set[str]:
        """Store the replies, fold, and return the replies the fold read."""
        with warehouse.connect() as con:
            replace_rows(con, "reply_classifications", pl.DataFrame(rows, schema=CLASSIFICATION_SCHEMA))
            read = {r["message_id"] for r in owing_replies(con, unread=True)}
        fold_suppressions(resources)
        with warehouse.connect() as con:
            _assert_as_whole(con)
            assert owing_replies(con, unread=True) == [], "every reply read is remembered as read"
        return read

    assert run(rows) == {"<b1@mx>", "<u1@acme>", "<s0@mx>"}, "a first run reads every reply that may owe an event"

    rows += [_soft(1), {**BASE, "message_id": "<c1@isp>", "kind": "complaint",
                        "recipients": '["cat@acme.example"]', "send_key": "k-cat"}]
    optout_log.append(tmp_path, "k-bob", "bob@acme.example", NOW)
    with warehouse.connect() as con:
        add_entry(con, tmp_path, "@spam.example", "Dana", "a trap domain", NOW)
    assert run(rows) == {"<c1@isp>", "<s1@mx>", "<s0@mx>"}, \
        "the new replies, with every soft bounce because one is new"

    rows.append(_soft(2))
    with warehouse.connect() as con:
        lift_entry(con, tmp_path, "gone@acme.example", "Dana", "the mailbox exists again", NOW)
    assert run(rows) == {"<s0@mx>", "<s1@mx>", "<s2@mx>"}
    with warehouse.connect() as con:
        listed = dict(con.execute("select email, reason from suppression_list").fetchall())
    assert listed == {"ann@acme.example": "unsubscribe_reply", "cat@acme.example": "complaint",
                      "full@acme.example": "repeated_soft_bounce", "bob@acme.example": "unsubscribe_link",
                      "@spam.example": "manual"}

    # A lift of the soft bounces, three more after it, and an opt-out read again naming one more address.
    with warehouse.connect() as con:
        lift_entry(con, tmp_path, "full@acme.example", "Dana", "room again", NOW + timedelta(days=4))
    rows[1] = _unsubscribe('["ann@acme.example", "ann.b@acme.example"]')
    rows += [_soft(day) for day in (5, 6, 7)]
    read = run(rows)
    assert "<u1@acme>" in read and "<b1@mx>" not in read and "<c1@isp>" not in read
    with warehouse.connect() as con:
        listed = dict(con.execute("select email, reason from suppression_list").fetchall())
        assert listed["full@acme.example"] == "repeated_soft_bounce" and "ann.b@acme.example" in listed
        assert "gone@acme.example" not in listed
        assert fold_list(con) == 0, "a list that holds every event folds nothing"


def test_the_list_is_folded_whole_again_when_it_was_written_by_hand(tmp_path):
    resources = build_resources({"SDR_DATA_DIR": str(tmp_path), "SDR_NOW": NOW.isoformat()})
    with resources["warehouse"].connect() as con:
        add_entry(con, tmp_path, "ann@acme.example", "Dana", "asked on the phone", NOW)
        add_entry(con, tmp_path, "bob@acme.example", "Dana", "asked on the phone", NOW)
        con.execute("delete from suppression_list where email = 'ann@acme.example'")
        add_entry(con, tmp_path, "cat@acme.example", "Dana", "asked on the phone", NOW)
        assert sorted(r[0] for r in con.execute("select email from suppression_list").fetchall()) == [
            "ann@acme.example", "bob@acme.example", "cat@acme.example"]
        _assert_as_whole(con)
