"""An unsubscribe from one event, meeting or reminder in German, French or Spanish ("Ich möchte mich vom Webinar
abmelden", "Merci de me désinscrire du webinaire", "Denme de baja del webinar") leaves that event, not our mail: as in
English, a person reads it rather than every play stopping for good. Leaving our newsletter or list ("Bitte melden Sie
mich vom Newsletter ab", "de votre liste", "de su lista") or unsubscribing with nothing named stays an opt-out."""

import pytest

from tests.triage.helpers import assert_read_by_a_person, assert_recorded


@pytest.mark.parametrize("text", [
    "Ich möchte mich vom Webinar abmelden, Herr Braun kommt.",
    "Melden Sie mich bitte von der Einladung ab.",
    "Bitte melden Sie mich vom Termin am Donnerstag ab.",
    "Merci de me désinscrire du webinaire.",
    "Merci de me désabonner des rappels du webinaire.",
    "Désinscrivez-moi de l'événement, merci.",
    "Denme de baja del webinar, por favor.",
    "Por favor, darme de baja de la reunión.",
    "Quiero darme de baja de los recordatorios del evento.",
])
def test_an_unsubscribe_from_an_event_goes_to_a_person(text):
    assert_read_by_a_person(text)


@pytest.mark.parametrize("text", [
    "Bitte melden Sie mich vom Newsletter ab.",
    "Ich möchte mich von Ihren Mails abmelden.",
    "Melden Sie mich ab.",
    "Merci de me désinscrire de votre liste.",
    "Désinscrivez-moi, merci.",
    "Denme de baja de su lista.",
    "Denme de baja, gracias.",
])
def test_an_unsubscribe_from_our_mail_is_recorded(text):
    assert_recorded(text)
