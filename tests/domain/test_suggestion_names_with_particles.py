"""A model's English answer that names our sender or the prospect's company as the facts give them ("Luis de la
Cruz", "Banco de la Plaza") is offered: their lower-case particles read as a sentence in Spanish, so every answer
signed by such a sender was refused as one the checks cannot read. A sentence in Spanish is still refused."""

import json

import pytest

from sdr_assets.domain.answers import checked_answer, fallback_answer
from sdr_assets.domain.facts import Fact

REPLY = "Thanks, this sounds useful. Could you send more details?"
THREAD = ("We wrote (2026-11-20T09:00): Hi Maya,\n\nSaw Banco de la Plaza is hiring a RevOps lead. We help RevOps "
          f"teams keep pipeline data clean. Worth a chat?\n\nLuis de la Cruz\n\nThey wrote (2026-11-21T10:00): {REPLY}")
FACTS = [Fact(id="f1", field="first_name", value="Maya", kind="contact", source="crm"),
         Fact(id="f2", field="company_name", value="Banco de la Plaza", kind="account", source="crm"),
         Fact(id="f3", field="sender_name", value="Luis de la Cruz", kind="sender", source="config")]
ASK = {"label": "interested", "sub_reason": None, "first_name": "Maya", "referral": None, "thread": THREAD,
       "facts": FACTS, "play_description": "RevOps hiring", "reply": REPLY}


def _offered(text: str) -> str:
    return checked_answer(ASK, json.dumps({"text": text, "fact_ids": []}), "", "lexicon")


@pytest.mark.parametrize("text", [
    "Hi Maya,\n\nThanks, happy to send more details.\n\nLuis de la Cruz",
    "Hi Maya,\n\nThanks, happy to send more details.\n\nBest,\nLuis de la Cruz",
])
def test_an_answer_signed_by_a_sender_with_particles_is_offered(text):
    assert _offered(text) == text


def test_a_sentence_in_spanish_is_still_refused():
    text = "Hi Maya,\n\nThanks, happy to send more details. Le escribo con los detalles en breve.\n\nLuis de la Cruz"
    assert _offered(text) == fallback_answer(ASK, "")
