"""Business hours waited, for a whole queue at once: ``escalations.business_hours_between`` of many starts
to one end, with its sums made in its order, so each figure is the one it gives, to the last bit.

The per-row work is the skip of whole weeks; the days left (under three weeks) are one calendar for the
queue, whose hours open and close once per day, and each day's overlap is added to every row at once.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, time, timedelta, tzinfo

import numpy as np

from sdr_assets.domain.days import as_utc

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MICRO = timedelta(microseconds=1)


def _us(moment: datetime) -> int:
    return (moment - _EPOCH) // _MICRO


def business_hours_since(starts: Sequence[datetime], end: datetime, day_start: int = 9, day_end: int = 17,
                         zone: tzinfo = UTC) -> list[float]:
    """``business_hours_between(start, end, day_start, day_end, zone)`` of each of ``starts``."""
    end = as_utc(end)
    floor = datetime.min.replace(tzinfo=UTC) + timedelta(days=1)
    if zone is not UTC:  # the margins ``business_hours_between`` keeps
        end = min(end, datetime.max.replace(tzinfo=UTC) - timedelta(days=1))
    totals = np.zeros(len(starts))
    rows, froms, firsts = [], [], []
    for i, start in enumerate(starts):
        start = as_utc(start)
        if zone is not UTC:
            start = max(start, floor)
        if end <= start:
            continue
        weeks = max(0, (end - start) // timedelta(weeks=1) - 1)
        totals[i] = float(weeks * 5 * max(0, day_end - day_start))
        start = as_utc(start.astimezone(zone) + timedelta(weeks=weeks))
        rows.append(i)
        froms.append(start)
        firsts.append(start.astimezone(zone).date())
    if not rows:
        return totals.tolist()
    last, first = end.astimezone(zone).date(), min(firsts)
    days = [first + timedelta(days=n) for n in range(max(0, (last - first).days) + 1)]
    opens = np.array([_us(as_utc(datetime.combine(d, time(day_start), zone))) for d in days], dtype=np.int64)
    closes = np.array([_us(as_utc(datetime.combine(d, time(day_end), zone))) for d in days], dtype=np.int64)
    weekday = np.array([d.weekday() < 5 for d in days])
    at = np.array([(d - first).days for d in firsts], dtype=np.int64)
    since = np.array([_us(s) for s in froms], dtype=np.int64)
    spans = (last - first).days - at  # the days after each row's first, up to the end's
    until = _us(end)
    kept = np.array(rows, dtype=np.int64)
    for k in range(int(spans.max()) + 1 if spans.size else 0):
        live = spans >= k
        day = np.where(live, at + k, 0)
        live &= weekday[day]
        if not live.any():
            continue
        overlap = (np.minimum(until, closes[day]) - np.maximum(since, opens[day])) / 1e6
        totals[kept[live]] += (np.maximum(0.0, overlap) / 3600)[live]
    return totals.tolist()
