"""An out-of-office that says the day her absence starts and how long it lasts ('on vacation from 23
December for two weeks', 'ab dem 23.12. für zwei Wochen im Urlaub') returns her when it ends, counted
from that day: the day it starts is not her return, or her next follow-up goes into her first days away.
A date she says she is back on still wins over a span."""

from datetime import date

import pytest

from sdr_assets.triage.autoreply import return_date

SENT = date(2026, 12, 21)  # a Monday


@pytest.mark.parametrize(("text", "expected"), [
    ("I'm on vacation from 23 December for two weeks.", date(2027, 1, 6)),
    ("Ich bin ab dem 23.12. für zwei Wochen im Urlaub.", date(2027, 1, 6)),
    ("I am out of the office starting 22 December for 10 days, with no access to email.", date(2027, 1, 1)),
    ("I'm away from Wednesday, 23 December for three weeks.", date(2027, 1, 13)),
])
def test_a_span_counts_from_the_day_her_absence_starts(text, expected):
    assert return_date(text, SENT) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("I'm on vacation for a week, back on Monday 28 December.", date(2026, 12, 28)),
    ("I am away from 21 December until 4 January.", date(2027, 1, 4)),
    ("Ich bin drei Wochen im Urlaub und ab dem 11.1. wieder im Büro.", date(2027, 1, 11)),
    ("I am available from 4 January for two weeks, then on leave.", date(2027, 1, 4)),
])
def test_a_stated_return_still_wins(text, expected):
    assert return_date(text, SENT) == expected
