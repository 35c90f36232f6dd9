"""An out-of-office that gives no return, and a date ahead in a sentence of something else (an event in her
signature, a change of prices, a launch), is no return on that date: read as one, her follow-up was held for months
("Meet us at SaaStr Annual, 14 April 2027" held a December notice's contact until April). Her sequence pauses the
week a notice with no date pauses. The one date ahead in a sentence of her absence or of her being there again
("Sarò di nuovo raggiungibile dal 12 gennaio") is still her return."""

from datetime import date

import pytest

from sdr_assets.triage import classify_message
from sdr_assets.triage.autoreply import return_date
from tests.triage.helpers import make_message

SENT = date(2026, 12, 14)


@pytest.mark.parametrize("text", [
    "I am out of the office with limited access to email. For urgent matters please contact jane@customer.example."
    "\n\nPat Doe\nVP Sales\nMeet us at SaaStr Annual, 14 April 2027, booth 12.",
    "I am on parental leave. Please contact jane@customer.example in the meantime.\n\n"
    "Note: our prices change on 1 March 2027.",
    "Thanks for your message! I'm out at a conference this week. Ask me about our launch event on 12 May.",
])
def test_a_date_in_a_sentence_of_something_else_is_no_return(text):
    assert return_date("Out of office\n" + text, SENT) is None


@pytest.mark.parametrize("text", [
    "Sono in ferie. Sarò di nuovo raggiungibile dal 12 gennaio.",
    "Ich bin auf Dienstreise und am 12. Januar im Büro.",
])
def test_the_one_date_ahead_in_a_sentence_of_her_absence_is_still_read(text):
    assert return_date("Out of office\n" + text, SENT) == date(2027, 1, 12)


def test_such_a_notice_pauses_her_sequence_the_week_of_a_notice_with_no_date():
    body = ("I am out of the office with limited access to email. For urgent matters please contact "
            "jane@customer.example.\n\nPat Doe\nVP Sales\nMeet us at SaaStr Annual, 14 April 2027, booth 12.")
    result = classify_message(make_message(body, subject="Out of office", date="Mon, 14 Dec 2026 10:00:00 +0000",
                                           headers={"Auto-Submitted": "auto-replied"}))
    assert (result.kind, result.return_date) == ("out_of_office", None)
