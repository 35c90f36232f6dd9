"""A return date a notice leaves open is read at its later, safe bound, so her follow-up never goes into her
absence.

"Back in a week or two" ("2-3 weeks", "ein bis zwei Wochen", "une semaine ou deux", "una o dos semanas", "een week
of twee") returns her after the larger count: read as the smaller, her follow-up went out while she was still away.

"2/3" is 2 March or 3 February. A notice in German, French, Spanish, Italian or Dutch, or from a domain of a country
that writes the day first (".co.uk", ".de"), means the day first, as it writes it. An English notice from a domain
that does not say (".com") means the month first, as US senders write it, unless that reading is already past or
beyond a likely absence (three months) and the day-first one is ahead within it. A reading already past, or far
beyond the other, is never her return.
"""

from datetime import date

import pytest

from sdr_assets.triage import classify_message
from sdr_assets.triage.autoreply import return_date
from tests.triage.helpers import make_message

SENT = date(2026, 11, 16)  # a Monday


@pytest.mark.parametrize(("text", "expected"), [
    ("I'm on holiday, back in a week or two.", date(2026, 11, 30)),
    ("I am away for 2-3 weeks with limited access to email.", date(2026, 12, 7)),
    ("I am on leave for one to two weeks.", date(2026, 11, 30)),
    ("Ich bin für ein bis zwei Wochen im Urlaub.", date(2026, 11, 30)),
    ("Je suis en congé, de retour dans une semaine ou deux.", date(2026, 11, 30)),
    ("Estoy de vacaciones durante una o dos semanas.", date(2026, 11, 30)),
    ("Sono in ferie per una o due settimane.", date(2026, 11, 30)),
    ("Ik ben met vakantie, terug over een week of twee.", date(2026, 11, 30)),
])
def test_a_span_of_two_counts_ends_at_the_larger(text, expected):
    assert return_date(text, SENT) == expected


@pytest.mark.parametrize(("text", "sender", "expected"), [
    # English from a domain that does not say: the month first
    ("I am out of the office, back on 2/3.", "pat@customer.example", date(2027, 2, 3)),
    ("I am out of the office, back on 3/2.", "pat@customer.com", date(2027, 3, 2)),
    # the day first: a day-first country's domain, or a notice in another language
    ("I am out of the office, back on 3/2.", "pat@customer.co.uk", date(2027, 2, 3)),
    ("Ich bin im Urlaub und ab dem 3/2 wieder im Büro.", "pat@customer.com", date(2027, 2, 3)),
    ("Estoy de vacaciones hasta el 3/2.", "pat@customer.com", date(2027, 2, 3)),
    # a reading already past, or one far beyond the other, is not hers
    ("I am out of the office until 1/12.", "pat@customer.com", date(2027, 1, 12)),
])
def test_a_slashed_date_is_read_by_the_notices_language_and_country_else_month_first(text, sender, expected):
    assert return_date(text, date(2026, 12, 14), sender) == expected


def test_a_reading_far_beyond_a_likely_absence_is_not_taken():
    back = return_date("I am out of the office, back on 3/12.", date(2027, 2, 20), "pat@customer.com")
    assert back == date(2027, 3, 12)


@pytest.mark.parametrize(("day", "sender", "expected"), [("2/3", "pat@customer.com", date(2027, 2, 3)),
                                                       ("3/2", "pat@customer.co.uk", date(2027, 2, 3))])
def test_an_auto_reply_pauses_until_the_day_its_country_means(day, sender, expected):
    result = classify_message(make_message(f"I am out of the office, back on {day}.", subject="Out of office",
                                           date="Mon, 14 Dec 2026 10:00:00 +0000", from_addr=sender,
                                           headers={"Auto-Submitted": "auto-replied"}))
    assert (result.kind, result.return_date) == ("out_of_office", expected)
