"""Dates read from mail stay in the calendar (a Date header may say 9999): the holds they make, bounded."""

from datetime import UTC, date, datetime, timedelta

import polars as pl

from sdr_assets.domain.holds import holds_from
from sdr_assets.domain.mail_dates import CLOCK_SKEW, LONGEST_PAUSE, bounded_replies, received_by

NOW = datetime(2026, 12, 14, 10, tzinfo=UTC)
END_OF_TIME = datetime(9999, 12, 31, 23, tzinfo=UTC)
SCHEMA = {"message_id": pl.String, "contact_email": pl.String, "from_addr": pl.String, "kind": pl.String,
          "label": pl.String, "hard": pl.Boolean, "return_date": pl.Date, "received_at": pl.Datetime("us", "UTC")}


def _replies(*rows: dict) -> pl.DataFrame:
    return pl.DataFrame([{name: row.get(name) for name in SCHEMA} for row in rows], schema=SCHEMA)


def _holds(*rows: dict) -> dict[str, tuple]:
    return {r["email"]: (r["hold"], r["until"], r["reason"]) for r in holds_from(_replies(*rows), NOW).iter_rows(named=True)}


def test_an_away_message_dated_9999_pauses_from_now_and_the_real_replier_is_still_stopped():
    holds = _holds(
        {"message_id": "<ooo@evil.example>", "from_addr": "mallory@evil.example", "kind": "out_of_office",
         "received_at": END_OF_TIME},
        {"message_id": "<r@acme.example>", "contact_email": "ann@acme.example", "kind": "human", "label": "objection",
         "received_at": NOW - timedelta(days=2)},
        {"message_id": "<b@mx.example>", "contact_email": "bo@acme.example", "kind": "bounce", "hard": False,
         "received_at": END_OF_TIME},
        {"message_id": "<ret@acme.example>", "contact_email": "cy@acme.example", "kind": "out_of_office",
         "received_at": END_OF_TIME, "return_date": date(9999, 12, 31)})
    today = NOW.date()
    assert holds == {
        "ann@acme.example": ("stop", None, "replied: objection"),
        "mallory@evil.example": ("pause", today + timedelta(days=8), "out of office"),
        "bo@acme.example": ("pause", today + timedelta(days=2), "soft bounce"),
        "cy@acme.example": ("pause", today + LONGEST_PAUSE + timedelta(days=1), "out of office"),
    }


def test_a_date_within_the_clock_skew_is_kept():
    ahead = NOW + timedelta(hours=20)
    assert received_by(ahead, NOW) == ahead
    assert received_by(NOW + CLOCK_SKEW + timedelta(seconds=1), NOW) == NOW
    holds = _holds({"message_id": "<b@mx.example>", "contact_email": "bo@acme.example", "kind": "bounce",
                    "hard": False, "received_at": ahead})
    assert holds["bo@acme.example"][1] == ahead.date() + timedelta(days=2)


def test_bounded_replies_keeps_undated_rows_and_any_time_zone():
    frame = pl.DataFrame({"received_at": [END_OF_TIME.replace(tzinfo=None), None],
                          "return_date": [None, date(9999, 1, 1)]},
                         schema={"received_at": pl.Datetime("us", "Europe/Paris"), "return_date": pl.Date})
    bounded = bounded_replies(frame, NOW)
    assert bounded["received_at"].to_list() == [NOW, None]
    assert bounded["return_date"].to_list() == [None, NOW.date() + LONGEST_PAUSE]
