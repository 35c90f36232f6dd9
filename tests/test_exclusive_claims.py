"""A model's draft that calls us the only one of our kind ("we're the only platform that", "no one else
does this", "our approach is unmatched") states a ranking no research or approved template gives: it
falls back to the approved template. Copy that uses "only" or "else" without ranking us goes out."""

from __future__ import annotations

import pytest

from resources.model import OpenAICompatibleModel
from sdr_assets.domain.drafting import WRITTEN
from tests.chat_endpoint import chat_endpoint
from tests.model_drafts import CONGRATS, congrats_email, congrats_request, first


@pytest.mark.parametrize("claim", [
    "We are the only platform that does this.",
    "We're the only team that has a person approve every play.",
    "No one else does this.",
    "Nobody else gives a person the final say.",
    "Our approach is unmatched.",
    "The way we do it is unrivalled.",
    "Our approval flow is second to none.",
])
def test_a_claim_that_we_are_the_only_one_is_not_sent(claim):
    draft = first(claim)
    assert draft.verdict != WRITTEN or draft.generated_by != "openai:adversary", f"sent as fact: {claim}"
    assert any("ranking claim" in r for r in draft.reasons), draft.reasons


@pytest.mark.parametrize("plain", [
    "The only question is timing.",
    "If it is not a fit, that is the only thing I would ask you to tell me.",
    "Happy to include anyone else on your team.",
])
def test_only_or_else_that_ranks_no_one_is_sent(plain):
    draft = first(plain)
    assert draft.verdict == WRITTEN and draft.generated_by == "openai:adversary", draft.reasons


def test_a_template_that_calls_us_the_only_one_grounds_its_own_words():
    claim = "We are the only platform that does this."
    body = CONGRATS["body"].replace("Open to a short call", f"{claim} Open to a short call")
    draft = first("We are the only platform that does this.", template=body)
    assert draft.verdict == WRITTEN and draft.generated_by == "openai:adversary", draft.reasons


def test_the_model_endpoint_answering_the_only_one_falls_back_to_the_template():
    answer = {"subject": "Congrats on the Series B, Dana",
              "body": congrats_email("We are the only platform that does this."), "fact_ids": []}
    with chat_endpoint(lambda _: answer) as url:
        model = OpenAICompatibleModel(base_url=url, model="adversary", max_attempts=1)
        try:
            [draft] = model.write_drafts([congrats_request()])
        finally:
            model.close()
    assert draft is not None and "the only platform" not in draft.body, draft.body
