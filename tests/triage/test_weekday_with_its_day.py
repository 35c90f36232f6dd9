"""An out-of-office that gives her return as a weekday and a day of the month with no month ('hasta el
lunes 4', 'until Monday the 4th', 'bis Montag, den 4.') returns her on that day, which may be weeks ahead
over the holidays; read as the next such weekday, her follow-up went a week early, into her absence. A
weekday with a time of day is still the next such weekday."""

from datetime import date

import pytest

from sdr_assets.triage.autoreply import return_date

SENT = date(2026, 12, 21)  # a Monday; Monday 4 January 2027 is the next Monday the 4th


@pytest.mark.parametrize("text", [
    "Estoy de vacaciones hasta el lunes 4.",
    "Je suis absente jusqu'au lundi 4 inclus.",
    "I am out of the office until Monday the 4th.",
    "Ich bin bis Montag, den 4. im Urlaub.",
])
def test_a_weekday_and_its_day_give_that_date(text):
    assert return_date(text, SENT) == date(2027, 1, 4)


@pytest.mark.parametrize("text", [
    "I am out of the office until Monday 9:30.",
    "I am out of the office until Monday 4 pm.",
    "I am out of the office until Monday.",
])
def test_a_weekday_alone_or_with_a_time_is_the_next_one(text):
    assert return_date(text, SENT) == date(2026, 12, 28)
