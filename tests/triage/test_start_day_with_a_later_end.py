"""An out-of-office that gives the day her absence starts and, elsewhere in its clause, when it ends returns her
when it ends: 'back after the holidays' in a December notice ('on vacation from 23 December, back after the
holidays', 'in ferie dal 23 dicembre, di ritorno dopo le feste') is the first working day of the new year, and a
span said before the day it counts from ('on parental leave for six months from 1 February') ends that many months
after it. The day she leaves, or a week after it, is not her return: her next follow-up went into her absence."""

from datetime import date

import pytest

from sdr_assets.triage.autoreply import return_date

SENT = date(2026, 12, 14)  # a Monday


@pytest.mark.parametrize(("text", "expected"), [
    ("I'm on vacation from 23 December, back after the holidays.", date(2027, 1, 4)),
    ("Sono in ferie dal 23 dicembre, di ritorno dopo le feste.", date(2027, 1, 4)),
    ("Ik ben vanaf 23 december met vakantie, terug na de feestdagen.", date(2027, 1, 4)),
    ("Ich bin ab dem 23.12. im Urlaub und nach den Feiertagen wieder erreichbar.", date(2027, 1, 4)),
])
def test_a_start_day_and_back_after_the_holidays_is_the_new_year(text, expected):
    assert return_date(text, SENT) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("I am on parental leave for six months from 1 February.", date(2027, 8, 1)),
    ("Ik ben met ouderschapsverlof voor zes maanden vanaf 1 februari.", date(2027, 8, 1)),
    ("Sono in congedo per sei mesi dal 1 febbraio.", date(2027, 8, 1)),
])
def test_a_span_before_its_start_day_counts_from_it(text, expected):
    assert return_date(text, SENT) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("I'm away over Christmas and back on 7 January.", date(2027, 1, 7)),
    ("Ich bin im Urlaub und ab dem 7.1. wieder im Büro, nach den Feiertagen.", date(2027, 1, 7)),
    ("I'm on vacation from 23 December to 27 December.", date(2026, 12, 27)),
    ("For two weeks I'm testing the new tool. I'm on vacation from 23 December.", date(2026, 12, 30)),
])
def test_a_stated_end_still_wins(text, expected):
    assert return_date(text, SENT) == expected
