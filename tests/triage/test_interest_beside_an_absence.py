"""An out-of-office whose sender adds, in the sentence of her absence, that she takes up the offer ('Sono in ferie
fino al 7 gennaio ma sì, mi interessa, chiamatemi dopo', 'I'm on holiday until 7 January, but yes, I'm interested')
is read by a person: the whole sentence was dropped as the away notice, so her answer was an out-of-office that
nobody read, and in Italian or Dutch one headerless notice read as a person's reply before is now one. An away
notice that only says when she answers stays an out-of-office."""

from datetime import date

import pytest

from sdr_assets.domain.escalations import escalates
from sdr_assets.triage import classify_message
from tests.triage.helpers import make_message

DATE = "Mon, 14 Dec 2026 10:00:00 +0100"


@pytest.mark.parametrize(("subject", "body", "headers"), [
    ("Risposta automatica: Re: Quick question",
     "Sono in ferie fino al 7 gennaio ma sì, mi interessa, chiamatemi dopo.", {}),
    ("Re: Quick question", "Sono in ferie fino al 7 gennaio, ma mi interessa: potete chiamarmi dopo?",
     {"X-Autoreply": "yes"}),
    ("Re: Quick question", "Ik ben met vakantie tot 7 januari, maar kunt u me daarna bellen?",
     {"X-Autoreply": "yes"}),
    ("Re: Quick question", "I'm on holiday until 7 January, but yes, I'm interested - call me after.",
     {"Auto-Submitted": "auto-replied"}),
])
def test_interest_in_the_sentence_of_her_absence_is_read_by_a_person(subject, body, headers):
    result = classify_message(make_message(body, subject=subject, date=DATE, headers=headers))
    assert result.kind == "human" and escalates(result.kind, result.label, result.needs_review, result.reason), (
        result.kind, result.label, result.reason)


@pytest.mark.parametrize("body", [
    "I'm out of the office until 7 January, but I'll reply to your email when I return.",
    "Sono in ferie fino al 7 gennaio, ma risponderò appena possibile.",
    "Ik ben met vakantie tot 7 januari, maar lees af en toe mijn e-mail.",
])
def test_an_away_notice_alone_stays_one(body):
    result = classify_message(make_message(body, subject="Re: Quick question", date=DATE,
                                           headers={"Auto-Submitted": "auto-replied"}))
    assert (result.kind, result.return_date) == ("out_of_office", date(2027, 1, 7))
