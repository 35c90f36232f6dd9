"""Instants in UTC and the UTC days they fall on: the pipeline's caps, holds and hours count in UTC.

A time read from DuckDB or parsed from a header may carry any zone; ``.date()`` of it is a day in
that zone. A time without a zone is taken as UTC.
"""

from datetime import UTC, date, datetime


def as_utc(moment: datetime) -> datetime:
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def utc_day(moment: datetime) -> date:
    return as_utc(moment).date()
