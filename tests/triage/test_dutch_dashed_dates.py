"""A Dutch out-of-office gives her return as Dutch dates are written, day and month joined by dashes ('tot 7-1',
't/m 7-1-2027', 'vanaf 4-1 weer op kantoor'): read as no date, her follow-ups paused a week and the next went
into her absence. A dash between other numbers ('over 1-2 weken terug', a span of two weeks at most, a phone
number, an ISO date) is no such date."""

from datetime import date

import pytest

from sdr_assets.triage.autoreply import return_date

SENT = date(2026, 12, 14)


@pytest.mark.parametrize(("text", "expected"), [
    ("Ik ben met vakantie tot 7-1.", date(2027, 1, 7)),
    ("Ik ben afwezig tot en met 7-1-2027.", date(2027, 1, 7)),
    ("Ik ben afwezig t/m 07-01-27 en lees mijn mail niet.", date(2027, 1, 7)),
    ("Ik ben met vakantie. Vanaf 4-1 ben ik weer op kantoor.", date(2027, 1, 4)),
])
def test_a_dashed_dutch_date_gives_her_return(text, expected):
    assert return_date(text, SENT) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("Ik ben met vakantie en over 1-2 weken terug.", date(2026, 12, 28)),
    ("Ik ben afwezig. Bel bij spoed 020-1234567.", None),
    ("I'm away until 2027-01-07.", date(2027, 1, 7)),
])
def test_other_dashed_numbers_are_no_return(text, expected):
    assert return_date(text, SENT) == expected
