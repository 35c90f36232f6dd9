"""The queue's business hours worked out at once are, to the last bit, those worked out one row at a time."""

import random
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from sdr_assets.domain.business_hours import business_hours_since
from sdr_assets.domain.escalations import business_hours_between

ZONES = [UTC, ZoneInfo("UTC"), ZoneInfo("America/New_York"), ZoneInfo("Europe/Berlin"), ZoneInfo("Australia/Lord_Howe"),
         ZoneInfo("Asia/Kathmandu"), ZoneInfo("Pacific/Apia"), ZoneInfo("America/Sao_Paulo")]
HOURS = [(9, 17), (0, 23), (2, 4), (8, 20), (1, 3), (17, 9)]


def _starts(rng: random.Random, end: datetime) -> list[datetime]:
    """Starts up to three years back and a little ahead, on the hour, near midnight and summer-time changes,
    given in other zones, and a few far off."""
    starts = []
    for _ in range(400):
        back = timedelta(seconds=rng.randrange(-3 * 86400, 3 * 365 * 86400), microseconds=rng.randrange(10**6))
        moment = end - back
        if rng.random() < 0.3:
            moment = moment.replace(minute=0, second=0, microsecond=0)
        starts.append(moment.astimezone(rng.choice(ZONES[2:])) if rng.random() < 0.3 else moment)
    # Around the changes of summer time in Europe and North America, and in a change's repeated hour.
    for day in (datetime(2026, 3, 29, tzinfo=UTC), datetime(2026, 10, 25, tzinfo=UTC),
                datetime(2026, 3, 8, 6, tzinfo=UTC), datetime(2026, 11, 1, 5, tzinfo=UTC)):
        starts += [day + timedelta(minutes=17 * n) for n in range(-20, 20)]
    starts.append(datetime(2026, 11, 1, 1, 30, fold=1, tzinfo=ZoneInfo("America/New_York")))
    starts += [end, end - timedelta(microseconds=1), datetime(100, 1, 4, 10, tzinfo=UTC),
               datetime(1, 1, 1, tzinfo=UTC), end + timedelta(days=400)]
    return starts


@pytest.mark.parametrize("zone", ZONES, ids=str)
def test_every_start_waits_as_long_as_alone(zone):
    """Each start's figure equals ``business_hours_between``'s, for ends on weekdays, weekends and in summer-time
    changes, any business day, and starts before, at and after the end."""
    rng = random.Random(str(zone))
    ends = [datetime(2026, 11, 25, 12, 34, 56, 789, tzinfo=UTC), datetime(2026, 11, 28, 15, tzinfo=UTC),
            datetime(2026, 3, 29, 1, 30, tzinfo=UTC), datetime(2026, 11, 1, 6, 30, tzinfo=UTC),
            datetime(2027, 1, 1, tzinfo=UTC)]
    for end in ends:
        starts = _starts(rng, end)
        for day_start, day_end in HOURS:
            at_once = business_hours_since(starts, end, day_start, day_end, zone)
            alone = [business_hours_between(s, end, day_start, day_end, zone) for s in starts]
            assert at_once == alone, [(s, a, b) for s, a, b in zip(starts, at_once, alone, strict=True) if a != b][:3]


def test_no_start_is_nothing():
    """A queue with nobody waiting has no figures."""
    assert business_hours_since([], datetime(2026, 11, 25, tzinfo=UTC)) == []
