"""Instants in UTC and the UTC days they fall on: the pipeline's caps, holds and hours count in UTC.

A time read from DuckDB or parsed from a header may carry any zone; ``.date()`` of it is a day in
that zone. A time without a zone is taken as UTC.
"""

from datetime import UTC, date, datetime, timedelta


def as_utc(moment: datetime) -> datetime:
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def utc_day(moment: datetime) -> date:
    return as_utc(moment).date()


# Sends go at any hour (the outreach sensor) and on weekday mornings (the schedule): an email of
# 15:00 is followed at the 08:00 run of the day its delay reaches, not the morning after.
LEEWAY = timedelta(hours=12)


def days_after(earlier: datetime, days: int, now: datetime) -> bool:
    """Whether ``now`` is ``days`` days after ``earlier``: on a UTC day that many days on, and that
    many times 24 hours later (less ``LEEWAY``), so an email at 23:50 is not followed before 11:50."""
    return (utc_day(now) >= utc_day(earlier) + timedelta(days=days)
            and as_utc(now) >= as_utc(earlier) + timedelta(days=days) - LEEWAY)
