"""A slashed return whose day-first reading is already past when the notice is sent ("until 1/12" on 14 December)
is read month first, the one reading ahead: a bilingual notice (English and Spanish, as many in the US are) or one
from a day-first country's domain was read day first alone, as 1 December, no return at all, so her follow-up went
out a week later, into her absence. A day-first reading ahead is still taken."""

from datetime import date

import pytest

from sdr_assets.triage.autoreply import return_date

SENT = date(2026, 12, 14)


@pytest.mark.parametrize(("text", "sender"), [
    ("I am out of the office until 1/12. Estoy fuera de la oficina hasta el 1/12.", "pat@customer.com"),
    ("I am out of the office, back on 1/12.", "pat@customer.co.uk"),
])
def test_the_one_reading_ahead_is_her_return(text, sender):
    assert return_date(text, SENT, sender) == date(2027, 1, 12)


def test_a_day_first_reading_ahead_is_still_taken():
    assert return_date("I am out of the office, back on 3/2.", SENT, "pat@customer.co.uk") == date(2027, 2, 3)
