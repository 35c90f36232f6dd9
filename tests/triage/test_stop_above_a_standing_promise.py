"""A request to stop above words that are no call she announces to us is recorded as the opt-out it is: a support
desk's promise to answer within a set time, said to everyone who writes ("Acme Support – we'll get back to you within
one business day", "Wir melden uns innerhalb von 24 Stunden"), with no sign-off line above it, or our own message
quoted under a bare "Alex Seller wrote:" with no "On <date>" before it and no marks ("I'll call you next week" is our
seller's, not hers). Read as her promise to call, each waited for a person as timing and her mail was held. A stop
beside a call she announces herself ("Stop following up, I'll call you next week") still goes to a person
(``test_stops_until_she_calls``)."""

import pytest

from sdr_assets.triage import classify_message
from sdr_assets.triage.quotes import written_text
from tests.triage.helpers import assert_read_by_a_person, assert_recorded, make_message


@pytest.mark.parametrize("text", [
    "Please stop emailing me.\nAcme Support – we'll get back to you within one business day",
    "Please stop emailing me.\nPat Doe | Customer Inc. | We will get back to you within 24 hours.",
    "Unsubscribe me.\nCustomer Success: we'll reply within 48h.",
    "Bitte keine Mails mehr.\nKundenservice Acme: Wir melden uns innerhalb von 24 Stunden bei Ihnen.",
    "Merci de ne plus me contacter.\nService client Acme – nous vous recontacterons sous 24h.",
    "No me escriba más.\nSoporte Acme | Le contactaremos en un plazo de 24 horas.",
])
def test_a_stop_above_a_support_promise_is_recorded(text):
    assert_recorded(text)


@pytest.mark.parametrize("text", [
    "Please stop emailing me.\n\nAlex Seller wrote:\nHi Pat, I'll call you next week to follow up.",
    "Please stop emailing me.\n\nAlex Seller <alex@sdr.example> wrote:\nHi Pat, I'll call you on Monday.",
    "Bitte keine Mails mehr.\n\nAlex Seller schrieb:\nHallo Pat, ich rufe Sie nächste Woche an.",
    "Merci de ne plus m'écrire.\n\nAlex Seller a écrit :\nBonjour Pat, je vous rappelle la semaine prochaine.",
])
def test_a_stop_above_a_quote_under_a_bare_attribution_is_recorded(text):
    assert_recorded(text)


def test_words_below_a_bare_attribution_are_the_quote():
    body = "Thanks, Thursday works.\n\nAlex Seller wrote:\nHi Pat, can we talk on Thursday?"
    assert written_text(body) == "Thanks, Thursday works."


@pytest.mark.parametrize("text", [
    "Stop following up, I'll get back to you within a few weeks.",
    "Please stop the follow-ups.\nI'll call you next week.",
    "Stop following up.\n\nAs my colleague Dana wrote:\nwe'll call you after the board meeting.",
])
def test_a_stop_beside_a_call_she_announces_still_goes_to_a_person(text):
    assert_read_by_a_person(text)


def test_her_own_promise_under_a_bare_attribution_line_of_hers_is_no_quote():
    """A line that only looks like an attribution, in the middle of her sentence, hides none of her words."""
    body = "Stop following up. Dana wrote: we will call you next week."
    assert classify_message(make_message(body)).label != "unsubscribe"
