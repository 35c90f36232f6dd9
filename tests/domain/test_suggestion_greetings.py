"""A model's suggested answer greets the person whose reply it answers, not another name of the thread:
a colleague who wrote for the contact is not greeted by the contact's name, nor anyone by our sender's,
nor is the answer signed by the contact; the offline answer, which greets the writer, is offered instead."""

import json

import pytest

from sdr_assets.domain.answers import checked_answer, fallback_answer
from sdr_assets.domain.facts import Fact

REPLY = "Hi Sam, Maya forwarded this to me. Could you send more details?\n\nJane Doe"
THREAD = ("We wrote (2026-11-20T09:00): Hi Maya,\n\nSaw Acme is hiring a RevOps lead. We help RevOps teams keep "
          f"pipeline data clean. Worth a chat?\n\nSam Patel\n\nThey wrote (2026-11-21T10:00): {REPLY}")
FACTS = [Fact(id="f1", field="first_name", value="Maya", kind="contact", source="crm"),
         Fact(id="f2", field="company_name", value="Acme", kind="account", source="crm")]
ASK = {"label": "interested", "sub_reason": None, "first_name": "Jane", "referral": None, "thread": THREAD,
       "facts": FACTS, "play_description": "RevOps hiring", "reply": REPLY}


def _offered(text: str) -> str:
    return checked_answer(ASK, json.dumps({"text": text, "fact_ids": []}), "", "lexicon")


@pytest.mark.parametrize("text", ["Hi Maya,\n\nThanks, happy to send more details.",
                                  "Hi Sam,\n\nThanks, happy to send more details.",
                                  "Hi Jane,\n\nThanks, happy to send more details.\n\nMaya"])
def test_a_greeting_of_someone_else_is_not_offered(text):
    assert _offered(text) == fallback_answer(ASK, ""), text


@pytest.mark.parametrize("text", ["Hi Jane,\n\nThanks, happy to send more details.",
                                  "Hi there,\n\nThanks, happy to send more details."])
def test_a_greeting_of_the_writer_is_offered(text):
    assert _offered(text) == text
