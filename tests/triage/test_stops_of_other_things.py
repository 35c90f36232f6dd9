"""A reply that asks to be taken off something other than our mail (a shared document, a reminder, a calendar invite,
a chat channel, a thread's CC) is no opt-out: an opt-out stops every play for good, nobody may lift it and nobody
reads it, so such a reply goes to a person, who reads what she asked. The same removal asked together with one from
our list ("this thread and your list"), or a plain request to stop in a word or two ("Nicht mehr kontaktieren
bitte"), is recorded as the opt-out it is, with nobody left to record it."""

import pytest

from tests.triage.helpers import assert_read_by_a_person, assert_recorded


@pytest.mark.parametrize("text", [
    "remove me from the shared doc",
    "Please remove me from the Google Doc, I don't need access anymore.",
    "Take me off the shared doc, Dana owns it now.",
    "Please remove me from the Drive folder, Dana has the files.",
    "Remove me from the demo reminders, I'll be there.",
    "Please remove me from the reminders for the demo.",
    "Stop emailing me reminders for the demo, I'll be there.",
    "Please don't send me any more reminders, the demo is in my calendar.",
    "Remove me from the deck review, Dana will present.",
])
def test_a_removal_from_another_thing_in_english_is_no_opt_out(text):
    assert_read_by_a_person(text)


@pytest.mark.parametrize("text", [
    "Bitte entfernen Sie mich aus dem geteilten Dokument.",
    "Bitte nehmen Sie mich aus dem CC, Frau Yilmaz übernimmt.",
    "Entfernen Sie mich bitte aus dem Chat-Kanal, ich bin nicht mehr im Projektteam.",
    "Nehmen Sie mich bitte aus dem Thread, Herr Braun übernimmt.",
])
def test_a_removal_from_another_thing_in_german_is_no_opt_out(text):
    assert_read_by_a_person(text)


@pytest.mark.parametrize("text", [
    "ne plus m'envoyer de rappels pour la démo",
    "Merci de ne plus m'envoyer de rappels pour la démo, j'y serai.",
    "Ne m'envoyez plus de rappels pour la démo, c'est noté.",
    "Retirez-moi du document partagé, Claire s'en charge.",
    "Retirez-moi de la conversation, Claire s'en occupe.",
    "Merci de me retirer de la copie, mon collègue suit le dossier.",
])
def test_a_removal_from_another_thing_in_french_is_no_opt_out(text):
    assert_read_by_a_person(text)


@pytest.mark.parametrize("text", [
    "Sácame del documento compartido, por favor.",
    "Quítenme de la copia, por favor, lo lleva Javier.",
    "No me envíen más recordatorios de la demo, ya está en mi agenda.",
    "Dejen de enviarme recordatorios de la reunión, allí estaré.",
    "Elimínenme del hilo, gracias, lo sigue Javier.",
])
def test_a_removal_from_another_thing_in_spanish_is_no_opt_out(text):
    assert_read_by_a_person(text)


@pytest.mark.parametrize("text", [
    "remove me from your list", "no more emails", "stop emailing me", "Stop emailing me, thanks.",
    "Please remove me from your mailing list.", "Retirez-moi de vos fichiers.", "Rayez-moi de votre liste.",
    "Ne m'envoyez plus de mails.", "Ne m'envoyez plus rien.", "Merci de ne plus m'envoyer de messages.",
    "Quítenme de su lista.", "No me envíen más correos.", "Dejen de enviarme correos.",
    "Entfernen Sie mich aus Ihrem Verteiler.", "Don't send me any more emails.", "Stop emailing me the same pitch.",
])
def test_a_removal_from_our_mail_still_opts_out(text):
    assert_recorded(text)


@pytest.mark.parametrize("text", [
    "Remove me from this thread and your list",
    "Take me off this thread and your mailing list please.",
    "Remove me from the invite and from your list.",
    "Entfernen Sie mich aus dem Thread und aus Ihrem Verteiler.",
    "Retirez-moi de cette conversation et de votre liste.",
    "Quítenme de este hilo y de su lista.",
])
def test_a_removal_from_another_thing_and_from_our_list_opts_out(text):
    assert_recorded(text)


@pytest.mark.parametrize("text", [
    "Nicht mehr kontaktieren bitte", "Nicht mehr anschreiben, danke.", "Kein Bedarf. Nicht mehr kontaktieren.",
    "No contactar más, gracias.", "No escribirme más, por favor.", "Ne plus contacter, merci.",
])
def test_a_request_to_stop_in_a_few_words_opts_out(text):
    assert_recorded(text)


@pytest.mark.parametrize("text", [
    "Kann ich Sie nicht mehr kontaktieren?", "Ne plus contacter mon collègue, il est parti. Moi, je reste intéressée.",
])
def test_a_few_words_that_ask_or_name_another_are_no_opt_out(text):
    assert_read_by_a_person(text)


@pytest.mark.parametrize("text", [
    "Arrêtez de m'envoyer des rappels, j'ai noté la date.",
    "Merci de cesser de m'envoyer des invitations pour le webinaire.",
    "Hören Sie auf, mir Erinnerungen zu schicken, ich komme ja.",
    "No me vuelvan a enviar recordatorios, ya lo tengo en mi agenda.",
    "Please remove me from the loop on this, Dana has it.",
])
def test_no_more_of_another_thing_in_other_words_is_no_opt_out(text):
    assert_read_by_a_person(text)


@pytest.mark.parametrize("text", [
    "Arrêtez de m'envoyer des mails.", "Arrêtez de m'envoyer vos relances.", "Merci de cesser de m'écrire.",
    "Hören Sie auf, mir zu schreiben.", "Hören Sie auf, mir Mails zu schicken.", "No me vuelvan a enviar correos.",
    "No me vuelvan a escribir.",
])
def test_no_more_of_our_mail_in_other_words_opts_out(text):
    assert_recorded(text)


@pytest.mark.parametrize("text", [
    "Please remove me from the attendee list for Thursday, I can't make it.",
    "Take me off the guest list for the dinner, sorry.",
    "Bitte streichen Sie mich von der Teilnehmerliste, ich kann leider nicht.",
    "Retirez-moi de la liste des participants, je ne pourrai pas venir.",
    "Quítenme de la lista de asistentes, no puedo ir.",
])
def test_a_removal_from_an_events_roster_is_no_opt_out(text):
    """An event's attendee list is a list, but none of our mail."""
    assert_read_by_a_person(text)


@pytest.mark.parametrize("text", [
    "Remove me from the attendee list and from your mailing list.", "Bitte streichen Sie mich von Ihrer Liste.",
    "Remove me from your event list.",
])
def test_a_removal_from_a_roster_with_our_list_or_from_a_list_of_ours_opts_out(text):
    assert_recorded(text)


@pytest.mark.parametrize("text", [
    "Bitte aus der Teilnehmerliste streichen, ich kann am Donnerstag nicht.",
    "Bitte von der Gästeliste nehmen, ich bin verhindert.",
    "Mich bitte aus der Teilnehmerliste entfernen, Frau Yilmaz kommt an meiner Stelle.",
])
def test_a_short_removal_from_a_roster_in_german_is_no_opt_out(text):
    assert_read_by_a_person(text)
