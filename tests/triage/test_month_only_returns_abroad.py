"""An out-of-office in French, Spanish, Italian or Dutch that gives only the month she is back, or a part of it
("jusqu'à fin janvier", "de vuelta a principios de febrero", "rientro a metà marzo", "terug eind januari"), returns
her in that month, as one in English or German does: read as no date, her follow-up was paused a week and went
into her absence. A month said of something else still gives no return."""

from datetime import date

import pytest

from sdr_assets.triage import classify_message
from sdr_assets.triage.autoreply import return_date
from tests.triage.helpers import make_message

SENT = date(2026, 12, 14)


@pytest.mark.parametrize(("text", "expected"), [
    ("Je suis absente jusqu'à fin janvier.", date(2027, 1, 31)),
    ("Je suis en congé jusqu'au début de février.", date(2027, 2, 1)),
    ("Je suis absente jusqu'à la mi-janvier.", date(2027, 1, 15)),
    ("Je suis en congé maternité, de retour début mars.", date(2027, 3, 1)),
    ("Estoy de vacaciones, de vuelta a principios de febrero.", date(2027, 2, 1)),
    ("Estoy de baja hasta mediados de enero.", date(2027, 1, 15)),
    ("Sono in ferie, rientro a metà marzo.", date(2027, 3, 15)),
    ("Sono in maternità fino a inizio febbraio.", date(2027, 2, 1)),
    ("Ik ben met vakantie, terug eind januari.", date(2027, 1, 31)),
    ("Ik ben met verlof tot begin februari.", date(2027, 2, 1)),
    ("Ik ben afwezig tot half januari.", date(2027, 1, 15)),
])
def test_a_month_of_her_return_abroad_gives_it(text, expected):
    assert return_date(text, SENT) == expected


def test_an_auto_reply_with_only_a_month_pauses_until_it():
    result = classify_message(make_message("Bonjour,\nJe suis absente jusqu'à fin janvier.\nCordialement",
                                           subject="Réponse automatique : Re: Quick question",
                                           date="Mon, 14 Dec 2026 10:00:00 +0100",
                                           headers={"Auto-Submitted": "auto-replied"}))
    assert (result.kind, result.return_date) == ("out_of_office", date(2027, 1, 31))


@pytest.mark.parametrize("text", [
    "Je suis absente aujourd'hui. Le salon dure jusqu'à fin janvier.",
    "Estoy fuera hoy. La oferta es válida hasta finales de enero.",
    "Sono fuori ufficio oggi. La promozione vale fino a fine gennaio.",
    "Ik ben vandaag afwezig. De actie loopt tot eind januari.",
])
def test_a_month_of_something_else_gives_none(text):
    assert return_date(text, SENT) is None
