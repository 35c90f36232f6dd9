"""A request to stop beside a call promised only on a condition ("Unsubscribe me. We'll be in touch if we ever need
you.", "I'll call you if I change my mind, until then stop emailing me") is recorded as the opt-out it is: she
promises no call, she says she is done with us, and the law asks her request be honoured at once. Only a call she
announces herself ("Stop following up, I'll call you next week") makes the stop timing that a person reads."""

import pytest

from tests.triage.helpers import assert_read_by_a_person, assert_recorded


@pytest.mark.parametrize("text", [
    "Unsubscribe me. We'll be in touch if we ever need you.",
    "Please remove me from your list. I'll contact you if we ever need you.",
    "Stop emailing me. We'll get back to you if anything changes.",
    "I'll call you if I change my mind, until then stop emailing me",
    "Unsubscribe me. Should we need anything, we'll reach out.",
    "Bitte keine Mails mehr, ich melde mich bei Ihnen, falls wir Bedarf haben.",
    "Arrêtez les relances, je vous recontacterai si besoin.",
    "Dejen de escribirme, yo les llamo si los necesitamos.",
])
def test_a_stop_beside_a_conditional_call_is_recorded(text):
    assert_recorded(text)


@pytest.mark.parametrize("text", [
    "Stop following up, I'll call you next week.",
    "Stop following up, I'll call you next week if that works.",
    "Bitte keine Mails mehr, ich melde mich im Herbst bei Ihnen.",
])
def test_a_stop_beside_a_call_she_announces_goes_to_a_person(text):
    assert_read_by_a_person(text)


@pytest.mark.parametrize("text", [
    "Please stop emailing me.\n\nBest,\nPat Doe\nHead of Ops, Customer Inc.\nWe'll get back to you within one business day.",
    "Bitte keine Mails mehr.\n\nViele Grüße\nPat Doe\nKundenservice: Wir melden uns innerhalb von 24 Stunden bei Ihnen zurück.",
])
def test_a_promise_in_her_signature_is_no_call_she_announces(text):
    """A promise below her sign-off is her signature's, to everyone she writes to ("We'll get back to you within one
    business day"), not a call she announces to us: her request to stop is recorded."""
    assert_recorded(text)
