"""Dates read from mail, kept within bounds: anyone can write year 9999 in a Date header or an away text.

Arithmetic on such a date (a week's pause after 31 December 9999) leaves the calendar and raises;
one message must never stop what is derived for everyone else.
"""

from datetime import datetime, timedelta

import polars as pl

# How far ahead of our clock a sender's clock may run before its Date header is not believed.
CLOCK_SKEW = timedelta(days=1)
# The longest a reply may pause a sequence (triage reads no return date further ahead either).
LONGEST_PAUSE = timedelta(days=400)


def received_by(dated: datetime, now: datetime) -> datetime:
    """When a message dated ``dated`` arrived: its date, or ``now`` when that is beyond the clock skew.

    A message in hand arrived by ``now``; a date further ahead is a wrong clock or a forgery.
    """
    return now if dated > now + CLOCK_SKEW else dated


def bounded_replies(replies: pl.DataFrame, now: datetime) -> pl.DataFrame:
    """Classified replies with ``received_at`` as :func:`received_by` reads it (in any time zone) and
    ``return_date`` at most :data:`LONGEST_PAUSE` after it."""
    if "received_at" not in replies.columns:
        return replies
    dtype = replies.schema["received_at"]
    at, ahead = pl.lit(now).cast(dtype), pl.lit(now + CLOCK_SKEW).cast(dtype)
    received = pl.when(pl.col("received_at") > ahead).then(at).otherwise(pl.col("received_at"))
    bounded = replies.with_columns(received_at=received)
    if "return_date" not in replies.columns:
        return bounded
    latest = pl.col("received_at").fill_null(at).dt.date() + LONGEST_PAUSE
    return bounded.with_columns(return_date=pl.when(pl.col("return_date") > latest).then(latest)
                                .otherwise(pl.col("return_date")))
