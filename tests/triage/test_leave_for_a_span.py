"""An out-of-office that says she is on leave of a kind for a span ('on parental leave for 6 months',
'on sabbatical for 3 months', 'on holiday for two weeks') returns her when it ends: the clause of her
absence names it, as 'away for two weeks' does, and read as no date her follow-ups paused a week and
the next went into her leave."""

from datetime import date

import pytest

from sdr_assets.triage.autoreply import return_date

SENT = date(2026, 12, 21)


@pytest.mark.parametrize(("text", "expected"), [
    ("I'm on parental leave for 6 months.", date(2027, 6, 21)),
    ("I am on maternity leave for six months and not reading email.", date(2027, 6, 21)),
    ("I'm on sabbatical for 3 months.", date(2027, 3, 21)),
    ("I'm on holiday for two weeks.", date(2027, 1, 4)),
    ("I'm unavailable for the next two weeks.", date(2027, 1, 4)),
])
def test_a_leave_of_a_kind_for_a_span_gives_her_return(text, expected):
    assert return_date(text, SENT) == expected


def test_a_span_of_something_else_still_gives_none():
    assert return_date("I'm on holiday today. Our launch is in 6 weeks.", SENT) is None
