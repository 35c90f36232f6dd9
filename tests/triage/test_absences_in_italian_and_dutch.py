"""An out-of-office in Italian or Dutch, a language the plays write in, is read as one, with the day she
returns: read as another automatic reply, it held no follow-up, and the next went into her absence."""

from datetime import date

import pytest

from sdr_assets.triage import classify_message
from tests.triage.helpers import make_message

DATE = "Mon, 14 Dec 2026 10:00:00 +0100"


@pytest.mark.parametrize(("subject", "body", "expected"), [
    ("Risposta automatica: Re: Quick question",
     "Buongiorno,\nsono in ferie fino al 7 gennaio con accesso limitato alla posta.\nCordiali saluti", date(2027, 1, 7)),
    ("Risposta automatica: Re: Quick question",
     "Sono fuori ufficio e rientrerò lunedì 11 gennaio.", date(2027, 1, 11)),
    ("Automatisch antwoord: Re: Quick question",
     "Goedendag,\nik ben met vakantie tot 7 januari.\nMet vriendelijke groet", date(2027, 1, 7)),
    ("Automatisch antwoord: Re: Quick question",
     "Ik ben afwezig. Vanaf maandag 4 januari ben ik weer op kantoor.", date(2027, 1, 4)),
])
def test_an_italian_or_dutch_absence_pauses_until_her_return(subject, body, expected):
    result = classify_message(make_message(body, subject=subject, date=DATE,
                                           headers={"Auto-Submitted": "auto-replied"}))
    assert (result.kind, result.return_date) == ("out_of_office", expected)


@pytest.mark.parametrize(("subject", "body"), [
    ("Risposta automatica: Re: Quick question", "Sono in ferie, con accesso limitato alla posta."),
    ("Automatisch antwoord: Re: Quick question", "Ik ben op vakantie en lees mijn e-mail niet."),
])
def test_an_italian_or_dutch_absence_without_a_date_is_still_one(subject, body):
    result = classify_message(make_message(body, subject=subject, date=DATE))
    assert result.kind == "out_of_office"
