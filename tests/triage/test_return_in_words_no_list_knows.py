"""An out-of-office that gives her return in words no list knows ("sarò di nuovo raggiungibile dal 12 gennaio",
"joignable à nouveau le 12 janvier", "estaré disponible nuevamente el 12 de enero", "you can reach me again from
January 12") returns her on the one date ahead it gives: read as no date, her follow-up was paused a week, into her
absence, and read as the day her absence starts ("dal", "from"), a week past her return. A notice giving more than
one date ahead in such words, or one that speaks neither of her absence nor of her being there again, gives none."""

from datetime import date

import pytest

from sdr_assets.triage import classify_message
from sdr_assets.triage.autoreply import return_date
from tests.triage.helpers import make_message

SENT = date(2026, 12, 14)


@pytest.mark.parametrize("text", [
    "Sarò di nuovo raggiungibile dal 12 gennaio.",
    "Sono in ferie. Sarò di nuovo raggiungibile dal 12 gennaio.",
    "Je serai joignable à nouveau le 12 janvier.",
    "Estaré disponible nuevamente el 12 de enero.",
    "Thanks for your message. You can reach me again from January 12.",
    "Ik ben vanaf 12 januari weer bereikbaar.",
])
def test_the_one_date_ahead_beside_her_return_in_other_words_is_it(text):
    assert return_date(text, SENT) == date(2027, 1, 12)


@pytest.mark.parametrize("text", [
    "Your request has been received. We will respond by 12 January.",
    "You can reach me again on 12 January or 19 January, whichever suits.",
])
def test_no_single_return_gives_none(text):
    assert return_date(text, SENT) is None


def test_an_auto_reply_in_such_words_pauses_until_her_return():
    result = classify_message(make_message("Buongiorno,\nsarò di nuovo raggiungibile dal 12 gennaio.\nSaluti",
                                           subject="Risposta automatica: Re: Quick question",
                                           date="Mon, 14 Dec 2026 10:00:00 +0100",
                                           headers={"Auto-Submitted": "auto-replied"}))
    assert (result.kind, result.return_date) == ("out_of_office", date(2027, 1, 12))
