"""A span in an out-of-office gives her return only where it is said of her absence: one said of
something else in the same sentence ("out of the office today; our launch is in 6 weeks", "today, but
the offer runs for two months") or of her time back at work ("back from vacation and in the office for
the next three weeks") gives none, so her follow-ups do not wait weeks for nothing."""

from datetime import date

import pytest

from sdr_assets.triage.autoreply import return_date

SENT = date(2026, 11, 20)


@pytest.mark.parametrize("text", [
    "Out of office today; our launch is in 6 weeks, I am around until then.",
    "I am out of the office today, but our launch is in 6 weeks and I will reply soon.",
    "I'm back from vacation and in the office for the next three weeks.",
])
def test_a_span_said_of_something_else_gives_no_return(text):
    assert return_date(text, SENT) is None


@pytest.mark.parametrize(("text", "expected"), [
    ("I am on parental leave and will be back in 6 weeks.", date(2027, 1, 1)),
    ("I am away, back in 2 weeks.", date(2026, 12, 4)),
    ("I will be back from parental leave in 6 weeks.", date(2027, 1, 1)),
    ("Ich bin die nächsten 4 Wochen nicht im Büro.", date(2026, 12, 18)),
])
def test_a_span_said_of_her_absence_still_gives_it(text, expected):
    assert return_date(text, SENT) == expected
