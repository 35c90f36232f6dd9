"""``sequence_holds`` kept run by run folds again only the people whose replies changed, and holds what
``holds_from`` works out from every stored reply at that clock."""

from datetime import UTC, date, datetime, timedelta

import polars as pl

from resources.tables import transaction
from resources.warehouse import Warehouse, frame_of, replace_rows
from sdr_assets.domain.holds import holds_from
from sdr_assets.hold_fold import fold_holds, holds_current
from sdr_assets.replies import CLASSIFICATION_SCHEMA

NOW = datetime(2026, 11, 20, 9, tzinfo=UTC)
BASE = {name: None for name in CLASSIFICATION_SCHEMA}


def _reply(n: int, email: str, kind: str, label: str | None = None, day: int | None = 0, **more) -> dict:
    return {**BASE, "message_id": f"<r{n}@acme>", "contact_email": email, "kind": kind, "label": label,
            "received_at": None if day is None else NOW + timedelta(days=day), **more}


def _fold(con, rows: list[dict], now: datetime) -> int | None:
    replace_rows(con, "reply_classifications", pl.DataFrame(rows, schema=CLASSIFICATION_SCHEMA))
    with transaction(con):
        folded = fold_holds(con, now)
    stored = frame_of(con, "select * from sequence_holds")
    whole = holds_from(frame_of(con, "select * from reply_classifications"), now)
    assert stored.sort("email").equals(whole.sort("email")), "the holds kept by person are the holds worked out whole"
    assert holds_current(con, now), "a fold at the same clock would change no hold, a reply that follows it or not"
    return folded


def test_a_run_folds_the_people_whose_replies_changed_and_matches_a_whole_fold(tmp_path):
    rows = [_reply(1, "ann@acme.example", "out_of_office", return_date=date(2026, 11, 25)),
            _reply(2, "bob@acme.example", "human", "interested"),
            _reply(3, "cat@acme.example", "bounce", hard=False),
            _reply(4, "dan@acme.example", "human", "question", day=-3)]
    rows += [_reply(10 + i, f"p{i}@many.example", "human", "not_interested", day=-i) for i in range(40)]
    with Warehouse(path=str(tmp_path / "w.duckdb")).connect() as con:
        assert _fold(con, rows, NOW) is None, "a first fold is whole"
        assert _fold(con, rows, NOW) == 0, "nothing changed: no one folded"

        # Ann answers after her absence (under a +tag), Cat's soft bounce becomes a person's reply.
        rows.append(_reply(5, "Ann+x@acme.example", "human", "interested", day=1))
        rows[2] = _reply(3, "cat@acme.example", "human", "question")
        assert _fold(con, rows, NOW + timedelta(hours=1)) == 2

        # Bob's reply is gone; an undated reply and one dated far ahead follow the clock.
        del rows[1]
        rows += [_reply(6, "eve@acme.example", "out_of_office", day=None),
                 _reply(7, "fay@acme.example", "bounce", day=30, hard=False)]
        assert _fold(con, rows, NOW + timedelta(hours=2)) == 3
        assert _fold(con, rows, NOW + timedelta(days=3)) == 2, "only the replies that follow the clock are read again"
        assert _fold(con, rows, NOW + timedelta(days=40)) == 2, "Fay's reply, now behind the clock, is read once more"
        assert _fold(con, rows, NOW + timedelta(days=41)) == 1, "and Eve's undated one on every run"
        held = dict(con.execute("select email, hold from sequence_holds").fetchall())
        assert "bob@acme.example" not in held and held["ann@acme.example"] == "stop"


def test_a_table_written_since_or_a_clock_gone_back_folds_whole(tmp_path):
    rows = [_reply(1, "ann@acme.example", "human", "interested"), _reply(2, "bob@acme.example", "human", "question")]
    with Warehouse(path=str(tmp_path / "w.duckdb")).connect() as con:
        _fold(con, rows, NOW)
        con.execute("delete from sequence_holds where email = 'ann@acme.example'")
        assert _fold(con, rows, NOW) is None
        assert _fold(con, rows, NOW - timedelta(days=1)) is None
