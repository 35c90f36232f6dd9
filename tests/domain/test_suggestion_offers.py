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
