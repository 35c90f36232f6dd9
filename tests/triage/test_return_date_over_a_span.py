"""An out-of-office that gives the day she returns and how long she is away ("I am on annual leave for
two weeks and return on Monday 30 November") returns her on that day: the span counts from a day she
left, which the notice need not say, so a stated date wins over it, and a span or a month is read only
where no date is given."""

from datetime import date

import pytest

from sdr_assets.triage.autoreply import return_date

SENT = date(2026, 11, 20)  # a Friday


@pytest.mark.parametrize(("text", "expected"), [
    ("I am on annual leave for two weeks and will return on Monday 30 November.", date(2026, 11, 30)),
    ("I'm on vacation for a week, back on Monday 23 November.", date(2026, 11, 23)),
    ("I am out of the office until Monday. After that I am available for 2 weeks before my holiday.",
     date(2026, 11, 23)),
    ("Ich bin drei Wochen im Urlaub und ab dem 1.12. wieder im Büro.", date(2026, 12, 1)),
])
def test_a_stated_return_wins_over_a_span(text, expected):
    assert return_date(text, SENT) == expected


def test_a_span_alone_still_gives_her_return():
    assert return_date("I am on parental leave and will be back in 6 weeks.", SENT) == date(2027, 1, 1)
