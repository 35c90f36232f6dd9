"""An out-of-office that gives only the day her absence starts ('I'm on vacation from 23 December', 'ab
dem 23.12. im Urlaub', 'en congé à partir du 23 décembre') pauses her follow-ups for the default week
counted from that day: read as her return, her next follow-up went on her first day away. A date she
says she is back from, or one that ends her absence, still gives her return."""

from datetime import date

import pytest

from sdr_assets.triage.autoreply import return_date

SENT = date(2026, 12, 14)  # a Monday


@pytest.mark.parametrize(("text", "expected"), [
    ("I'm on vacation from 23 December.", date(2026, 12, 30)),
    ("I am out of the office starting December 23, with no access to email.", date(2026, 12, 30)),
    ("Ich bin ab dem 23.12. im Urlaub.", date(2026, 12, 30)),
    ("Je suis en congé à partir du 23 décembre.", date(2026, 12, 30)),
    ("Estoy de vacaciones desde el 23 de diciembre.", date(2026, 12, 30)),
    ("Sono in ferie dal 23 dicembre.", date(2026, 12, 30)),
    ("Ik ben met vakantie vanaf 23 december.", date(2026, 12, 30)),
])
def test_a_start_with_no_end_pauses_a_week_from_that_day(text, expected):
    assert return_date(text, SENT) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("I'm away from 23 December to 27 December.", date(2026, 12, 27)),
    ("I'm on vacation from 23 December. Back on 4 January.", date(2027, 1, 4)),
    ("Ich bin im Urlaub und ab dem 4.1. wieder im Büro.", date(2027, 1, 4)),
    ("I am on vacation. From 4 January I'll be back in the office.", date(2027, 1, 4)),
    ("Je suis en congé, de retour à partir du 4 janvier.", date(2027, 1, 4)),
    ("Ik ben afwezig. Vanaf 4 januari ben ik weer op kantoor.", date(2027, 1, 4)),
])
def test_a_return_or_an_end_still_gives_her_return(text, expected):
    assert return_date(text, SENT) == expected
