"""An out-of-office reply that says how long she is away ('back in 6 weeks', 'for the next three
weeks', 'until mid-January', 'until March 2027') gives the day she returns, so her follow-ups wait for
it; read as no date, her sequence paused a week and the next email went into her absence. A month or
a span said of something else, or a month already under way, gives no return."""

from datetime import date

import pytest

from sdr_assets.triage.autoreply import return_date

SENT = date(2026, 11, 20)  # a Friday


@pytest.mark.parametrize(("text", "expected"), [
    ("I am on parental leave and will be back in 6 weeks.", date(2027, 1, 1)),
    ("I am away for the next three weeks with no access to email.", date(2026, 12, 11)),
    ("I am out of the office for two months.", date(2027, 1, 20)),
    ("I am on sabbatical until mid-January.", date(2027, 1, 15)),
    ("I am on parental leave until March 2027.", date(2027, 3, 1)),
    ("Ich bin in Elternzeit bis Ende Januar.", date(2027, 1, 31)),
    ("I will return in early February.", date(2027, 2, 1)),
    ("Ich bin die nächsten 4 Wochen nicht im Büro.", date(2026, 12, 18)),
])
def test_a_span_or_month_of_absence_gives_her_return(text, expected):
    assert return_date(text, SENT) == expected


@pytest.mark.parametrize("text", [
    "I am out of the office today. Our new product launches in 6 weeks.",
    "I am out of the office until Monday. We may meet in March at the fair.",
    "I am away until November.",
])
def test_a_span_or_month_said_of_something_else_gives_no_far_return(text):
    assert return_date(text, SENT) in (None, date(2026, 11, 23))
