"""A model's suggested answer offers no terms and tells of no customers the thread and research do not:
no free trial, discount, guarantee or refund, no result by a date, no "teams like yours use us". A
person edits it before sending, but the answer is offered as safe to send: the prompt forbids these,
and a draft's verifier refuses them; the answer's check refuses them too, and the offline answer is
offered instead."""

import json

import pytest

from sdr_assets.domain.answers import checked_answer, fallback_answer

THREAD = ("We wrote (2026-11-20T09:00): Hi Maya,\n\nSaw Acme is hiring a RevOps lead. We help RevOps teams keep "
          "pipeline data clean. Worth a chat?\n\nSam\n\n"
          "They wrote (2026-11-21T10:00): Sounds interesting. Can you send more details?")
ASK = {"label": "interested", "sub_reason": None, "first_name": "Maya", "referral": None, "thread": THREAD,
       "facts": [], "play_description": "RevOps hiring", "reply": "Sounds interesting. Can you send more details?"}


def _offered(text: str) -> str:
    return checked_answer(ASK, json.dumps({"text": text, "fact_ids": []}), "", "lexicon")


@pytest.mark.parametrize("text", [
    "Thanks Maya, we offer a free trial.",
    "Thanks Maya, the first month is free.",
    "Thanks Maya, we can give you a discount.",
    "Thanks Maya, there is a money-back guarantee.",
    "Thanks Maya, we'll have your pipeline clean within a month.",
    "Thanks Maya, many teams your size already use us.",
])
def test_an_offer_or_customers_the_thread_never_gave_are_not_offered(text):
    assert _offered(text) == fallback_answer(ASK, ""), text


def test_an_answer_that_claims_nothing_is_offered():
    assert _offered("Thanks Maya, happy to send more details.") == "Thanks Maya, happy to send more details."


@pytest.mark.parametrize("text", [
    "Thanks Maya, I'll remove you from our list.",
    "Understood, Maya. We'll stop our emails now.",
    "Thanks Maya, I've taken you off our mailing list.",
    "Understood, Maya, we will not contact you again.",
    "Thanks Maya, we won't email you again.",
    "Thanks Maya, I will stop sending you messages.",
])
def test_a_promise_to_stop_our_mail_is_not_offered(text):
    """A decline is no opt-out: other plays may still write. Only a recorded opt-out stops them all, so
    an answer promising it promises what no one decided."""
    assert _offered(text) == fallback_answer(ASK, ""), text


@pytest.mark.parametrize("text", [
    "Thanks Maya, I'll send over more details.",
    "Thanks Maya, I'll take you through the numbers on a short call.",
    "Thanks Maya, we will not share your details with anyone.",
    "Thanks Maya, we will not stop at the data: the workflow matters too.",
    "Thanks Maya, I'll email you the details and a short summary.",
])
def test_an_answer_that_promises_no_stop_is_offered(text):
    assert _offered(text) == text, text
