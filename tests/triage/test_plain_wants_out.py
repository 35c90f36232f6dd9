"""A plain request to leave our mail ("I want out.", "Count me out of these emails", "Ich will raus aus Ihrem
Verteiler", "Je veux sortir de votre liste", "Sáquenme de esta lista") is an opt-out and is recorded at once, as the
law asks: held for a person, her mail waited on someone's reading of a request that says only one thing. Leaving
something else ("Count me out of the webinar", "I want out of my contract", "la lista de asistentes") or declining
the offer alone ("Count me out.") asks no stop of our mail: a person reads it, or it closes as the decline it is
(``test_count_me_out``)."""

import pytest

from tests.triage.helpers import assert_read_by_a_person, assert_recorded


@pytest.mark.parametrize("text", [
    "I want out.",
    "We want out, thanks.",
    "I want out of these emails.",
    "We want out of your mailing list.",
    "Count me out of these emails.",
    "Count me out of your mailing list, thanks.",
    "Please count me out of any future emails.",
    "Ich will raus aus Ihrem Verteiler.",
    "Wir möchten raus aus diesem Mailing.",
    "Ich melde mich hiermit von Ihren Mails ab.",
    "Ich melde mich ab.",
    "Je veux sortir de votre liste.",
    "Nous souhaitons sortir de vos fichiers, merci.",
    "Quiero salir de su lista.",
    "Sáquenme de esta lista.",
    "No enviarme más correos.",
])
def test_a_plain_request_to_leave_our_mail_is_recorded(text):
    assert_recorded(text)


@pytest.mark.parametrize("text", [
    "I want out of the webinar, Dana will go.",
    "I want out of my contract with our current vendor, can you help?",
    "Ich will raus aus der Teilnehmerliste, Frau Koch übernimmt.",
    "Ich melde mich ab morgen wieder bei Ihnen.",
    "Ich melde mich vom Webinar ab, Herr Braun kommt.",
    "Je veux sortir de la liste des participants.",
    "Quiero salir de la lista de asistentes.",
])
def test_leaving_another_thing_goes_to_a_person(text):
    assert_read_by_a_person(text)

