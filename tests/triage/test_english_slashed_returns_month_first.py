"""An English notice whose sender gives no cue of writing the day first (no sentence in a day-first language, no
day-first country's domain) gives a slashed return ("until 1/3") month first, as US senders write it: 3 January
from a .com sender on 14 December, not 1 March, which held her follow-up eight weeks past her return. Where the
month-first reading is already past or beyond a likely absence (three months), the day-first reading ahead within
it is her return. A notice with a day-first cue is read day first, and month first only where the day-first reading
is past."""

from datetime import date

import pytest

from sdr_assets.triage import classify_message
from sdr_assets.triage.autoreply import return_date
from tests.triage.helpers import make_message

SENT = date(2026, 12, 14)  # a Monday


@pytest.mark.parametrize(("text", "sender", "expected"), [
    ("I am out of the office until 1/3.", "pat@customer.com", date(2027, 1, 3)),
    ("I am out of the office until 1/2.", "pat@customer.com", date(2027, 1, 2)),
    ("I am on vacation, back on 2/3.", "pat@customer.example", date(2027, 2, 3)),
    ("I am on vacation, back on 1/2/2027.", None, date(2027, 1, 2)),
])
def test_an_english_notice_with_no_day_first_cue_is_read_month_first(text, sender, expected):
    assert return_date(text, SENT, sender) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("I am out of the office until 12/1.", date(2027, 1, 12)),  # 1 December is past
    ("I am out of the office until 6/1.", date(2027, 1, 6)),  # 1 June is beyond a likely absence
])
def test_a_month_first_reading_past_or_too_far_leaves_the_day_first_one_ahead(text, expected):
    assert return_date(text, SENT, "pat@customer.com") == expected


@pytest.mark.parametrize(("text", "sender", "expected"), [
    ("I am out of the office until 1/3.", "pat@customer.co.uk", date(2027, 3, 1)),
    ("Estoy de vacaciones hasta el 1/3.", "pat@customer.com", date(2027, 3, 1)),
    ("I am out of the office until 1/6.", "pat@customer.de", date(2027, 6, 1)),
    ("I am out of the office until 1/12.", "pat@customer.co.uk", date(2027, 1, 12)),
])
def test_a_day_first_cue_reads_the_day_first(text, sender, expected):
    assert return_date(text, SENT, sender) == expected


def test_an_auto_reply_from_a_us_sender_pauses_until_the_month_first_day():
    result = classify_message(make_message("I am out of the office, back on 1/3.", subject="Out of office",
                                           date="Mon, 14 Dec 2026 10:00:00 +0000", from_addr="pat@customer.com",
                                           headers={"Auto-Submitted": "auto-replied"}))
    assert (result.kind, result.return_date) == ("out_of_office", date(2027, 1, 3))
