"""Ordinary out-of-office notices give the day her absence ends, so her follow-up waits for it: a range written month
first ("away Nov 16-27", "November 16th through 27th"), which read as the day she left; a Spanish "estoy fuera del 16
al 27 de noviembre", which read as no date; and a span of a trip or of being out or off ("I'm out for 2 weeks", "I'm
travelling for the next 2 weeks", "die nächsten zwei Wochen unterwegs", "en déplacement pendant deux semaines"),
which read as no date. Each was paused a week at most, and her next email went into her absence. A span said of
something else ("our travel offer is valid for 3 months") still gives none."""

from datetime import date

import pytest

from sdr_assets.triage.autoreply import return_date

SENT = date(2026, 11, 16)  # a Monday


@pytest.mark.parametrize(("text", "expected"), [
    ("I am away Nov 16-27 with no access to email.", date(2026, 11, 27)),
    ("I am out of the office November 16th through 27th.", date(2026, 11, 27)),
    ("I am on vacation Nov 16 - 27, 2026.", date(2026, 11, 27)),
    ("Estoy fuera del 16 al 27 de noviembre.", date(2026, 11, 27)),
    ("I'm out for 2 weeks.", date(2026, 11, 30)),
    ("I'm off for the next two weeks.", date(2026, 11, 30)),
    ("I'm travelling for the next 2 weeks with limited email.", date(2026, 11, 30)),
    ("I'm at a conference for the next 10 days.", date(2026, 11, 26)),
    ("Ich bin die nächsten zwei Wochen unterwegs.", date(2026, 11, 30)),
    ("Je suis en déplacement pendant deux semaines.", date(2026, 11, 30)),
])
def test_an_ordinary_notice_gives_the_end_of_her_absence(text, expected):
    assert return_date(text, SENT) == expected


@pytest.mark.parametrize("text", [
    "Our travel offer is valid for 3 months.",
    "Check out our launch in 6 weeks.",
    "I'm out today. We launch in a few weeks.",
])
def test_a_span_of_something_else_gives_none(text):
    assert return_date(text, SENT) is None
