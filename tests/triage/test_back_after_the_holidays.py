"""An out-of-office written in December that says she is back after the holidays or in the new year
('back after the holidays', 'over the Christmas break', 'nach den Feiertagen', 'après les fêtes') returns
her on the first working day after 1 January: read as no date, her follow-ups paused a week and the next
went into her holidays. Written in another month, 'the holidays' names no date, and the default applies."""

from datetime import date

import pytest

from sdr_assets.triage.autoreply import return_date


@pytest.mark.parametrize(("text", "sent", "expected"), [
    ("I'm on holiday and will be back after the holidays.", date(2026, 12, 18), date(2027, 1, 4)),
    ("Our office is closed over the Christmas break; I'll reply in the new year.", date(2026, 12, 18),
     date(2027, 1, 4)),
    ("I'm out of the office until the new year.", date(2025, 12, 19), date(2026, 1, 2)),
    ("Ich bin im Urlaub und nach den Feiertagen wieder erreichbar.", date(2026, 12, 18), date(2027, 1, 4)),
    ("Je suis en congé, de retour après les fêtes.", date(2026, 12, 18), date(2027, 1, 4)),
    ("Estoy de vacaciones hasta después de las fiestas.", date(2026, 12, 18), date(2027, 1, 4)),
    ("Sono in ferie, rientro dopo le feste.", date(2026, 12, 18), date(2027, 1, 4)),
    ("Ik ben met vakantie, terug na de feestdagen.", date(2026, 12, 18), date(2027, 1, 4)),
])
def test_back_after_the_holidays_in_december_is_the_first_working_day_of_the_year(text, sent, expected):
    assert return_date(text, sent) == expected


def test_a_stated_return_still_wins():
    assert return_date("Away over the holidays, back on 7 January.", date(2026, 12, 18)) == date(2027, 1, 7)


def test_the_holidays_in_summer_give_no_date():
    assert return_date("I'm on holiday and will be back after the holidays.", date(2026, 7, 20)) is None
