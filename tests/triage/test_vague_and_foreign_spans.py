"""An out-of-office that says how long she is away in words of a vague count ('for a couple of weeks',
'for a few weeks') or in French, Spanish, Italian or Dutch ('pour deux semaines', 'de retour dans 15
jours', 'durante dos semanas', 'per due settimane', 'voor twee weken') returns her when that span ends:
read as no date, her follow-ups paused a week and the next went into her absence. A vague count is
read as its least likely end ('a couple' two, 'a few' three), so her follow-up waits, but not for
ever; a span said of something else still gives no return."""

from datetime import date

import pytest

from sdr_assets.triage.autoreply import return_date

SENT = date(2026, 11, 16)  # a Monday


@pytest.mark.parametrize(("text", "expected"), [
    ("I'm out of the office for a couple of weeks with limited access to email.", date(2026, 11, 30)),
    ("I am away for a few weeks.", date(2026, 12, 7)),
    ("I'm on leave for the next couple of weeks.", date(2026, 11, 30)),
    ("Ich bin für ein paar Wochen im Urlaub.", date(2026, 12, 7)),
    ("Je suis absente pour deux semaines.", date(2026, 11, 30)),
    ("Je suis en congé pendant trois semaines.", date(2026, 12, 7)),
    ("Je suis en vacances, de retour dans 15 jours.", date(2026, 12, 1)),
    ("Je suis en congé maternité pour quelques semaines.", date(2026, 12, 7)),
    ("Estoy de vacaciones durante dos semanas.", date(2026, 11, 30)),
    ("Estoy fuera de la oficina, de vuelta en dos semanas.", date(2026, 11, 30)),
    ("Estoy de baja por maternidad durante tres meses.", date(2027, 2, 16)),
    ("Sono in ferie per due settimane.", date(2026, 11, 30)),
    ("Sono fuori ufficio, di ritorno tra due settimane.", date(2026, 11, 30)),
    ("Sono in maternità per sei mesi.", date(2027, 5, 16)),
    ("Ik ben voor twee weken op vakantie.", date(2026, 11, 30)),
    ("Ik ben met vakantie, terug over twee weken.", date(2026, 11, 30)),
    ("Ik ben de komende drie weken afwezig.", date(2026, 12, 7)),
])
def test_a_vague_or_foreign_span_of_her_absence_gives_her_return(text, expected):
    assert return_date(text, SENT) == expected


@pytest.mark.parametrize("text", [
    "Je suis absente aujourd'hui. Notre lancement est dans six semaines.",
    "Estoy fuera hoy, pero la oferta es válida durante dos meses.",
    "Sono fuori ufficio oggi. Il lancio è tra due settimane.",
    "Ik ben vandaag afwezig. De lancering is over twee weken.",
    "I'm out today. We launch in a few weeks.",
])
def test_a_span_of_something_else_still_gives_none(text):
    assert return_date(text, SENT) is None
