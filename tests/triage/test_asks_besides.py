"""A decline or an opt-out that also asks something goes to a person; the opt-out is still recorded at once."""

import pytest

from sdr_assets.domain.escalation_rows import _asks_a_person
from sdr_assets.domain.escalations import escalates
from sdr_assets.triage import classify_message
from sdr_assets.triage.result import ASKS_BESIDES, DECLINE_ASKS

from .helpers import make_message


def _reply(text: str, from_addr: str = "ann@acme.example"):
    return classify_message(make_message(text, from_addr=from_addr))


@pytest.mark.parametrize("text", [
    "Not interested, thanks. Out of curiosity, does it integrate with HubSpot?",
    "No thanks. But my colleague Maria would want this - can you email her?",
    "Not for us, but how much does it cost?",
    "No thanks, we just signed with a competitor. Can you send me your pricing for comparison?",
    "Not interested. My colleague would want this though, send her the deck.",
])
def test_a_decline_that_asks_a_question_or_for_something_goes_to_a_person(text):
    result = _reply(text)
    assert result.label == "not_interested"
    assert result.needs_review and result.reason == DECLINE_ASKS
    assert escalates(result.kind, result.label, result.needs_review)


@pytest.mark.parametrize("text", [
    "Not interested, thanks.",
    "No thanks, we are all set.",
    "Not interested. Why would we need this?",
])
def test_a_plain_decline_still_just_ends(text):
    result = _reply(text)
    assert result.label == "not_interested"
    assert result.reason != DECLINE_ASKS


@pytest.mark.parametrize("text, referrals", [
    ("Remove me from this sequence but book me a demo next week.", []),
    ("Please remove me from your list. I have moved to Newco - write to me at ann@newco.example, we need exactly "
     "this.", ["ann@newco.example"]),
    ("Please unsubscribe me from this sequence, but have my colleague bob@acme.example send me pricing, we are "
     "evaluating vendors.", ["bob@acme.example"]),
    ("Please remove this address from your list and write to me at ann.lee@newco.example instead - I'm "
     "interested.", ["ann.lee@newco.example"]),
    ("Unsubscribe me please. Does your tool integrate with Salesforce?", []),
    # The question in a clause of the opt-out's own sentence.
    ("Unsubscribe me, but what's the price?", []),
    ("Unsubscribe me but what does it cost?", []),
    ("Remove me from your list - but how much is the enterprise plan?", []),
    ("Please unsubscribe me, and does it work with HubSpot?", []),
])
def test_an_opt_out_that_asks_something_is_recorded_and_a_person_told(text, referrals):
    result = _reply(text)
    assert result.label == "unsubscribe", "the opt-out stands, recorded with nobody waiting on it"
    assert result.needs_review and result.reason == ASKS_BESIDES
    assert result.referrals == referrals
    assert escalates(result.kind, result.label, result.needs_review)
    row = {"label": result.label, "reason": result.reason, "needs_review": True, "data_request": False,
           "sub_reason": None}
    assert not _asks_a_person(row), "recorded already: the queue does not ask a person to decide the opt-out"


@pytest.mark.parametrize("text", [
    "Please unsubscribe me.",
    "Can you please take me off your list?",
    "How many times do I have to ask? Stop emailing me.",
    "Please don't send me any more emails.",
    "Not sure how I ended up on your list, but I'd like to get off it.",
    "Remove me, ok?", "Remove me from your list, would you?", "Please remove me from your list, can you confirm?",
    "Unsubscribe me, is that possible?", "Hi Alex, can you remove me from your list?", "Sorry, could you unsubscribe me?",
    "Stop emailing me, how many times do I have to ask?", "Could you, please, remove me from your list?",
    "Pourriez-vous cesser de m'écrire, s'il vous plaît ?", "¿Podrían dejar de escribirme, por favor?",
])
def test_a_plain_opt_out_asks_nothing_more(text):
    result = _reply(text)
    assert result.label == "unsubscribe"
    assert not result.needs_review and result.reason is None


def test_an_opt_outs_quote_attribution_names_no_referral():
    text = ("Graag uitschrijven, ik wil deze mails niet meer ontvangen.\n\nSanne\n\n"
            "Op di 4 jun 2024 om 09:12 schreef Alex Rivera <alex@sdr.example>:\n> Hi Sanne,\n> a note\n")
    result = _reply(text)
    assert result.label == "unsubscribe" and result.referrals == [] and not result.needs_review
