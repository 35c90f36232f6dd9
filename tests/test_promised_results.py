"""A model's draft that promises the prospect a result as fact, with no date ("you'll book more
meetings", "your reply rates will go up", "it works every time", "zero risk") promises what no
research or approved template says: it falls back to the approved template, as a result promised by a
date already does. A sentence in the future tense that promises no result goes out."""

from __future__ import annotations

import pytest

from sdr_assets.domain.drafting import WRITTEN
from sdr_assets.domain.verifier import offer_reasons
from tests.model_drafts import CONGRATS, first


@pytest.mark.parametrize("promise", [
    "You'll book more meetings.",
    "Your reply rates will go up.",
    "Your team will close more deals.",
    "This will fill your pipeline.",
    "You will hit your pipeline target.",
    "We'll double your pipeline.",
    "It works every time.",
    "It never fails.",
    "There is zero risk for you.",
])
def test_a_result_promised_as_fact_is_not_sent(promise):
    draft = first(promise)
    assert draft.generated_by != "openai:adversary", f"promised as fact: {promise}"
    assert any("offer or promise" in r or "number not in the facts" in r for r in draft.reasons), draft.reasons


@pytest.mark.parametrize("plain", [
    "I will keep it short.",
    "You will get a short summary after the call.",
    "If it is not a fit, I will leave you to it.",
    "Happy to show you how it works.",
])
def test_the_future_tense_without_a_promised_result_is_sent(plain):
    draft = first(plain)
    assert draft.verdict == WRITTEN and draft.generated_by == "openai:adversary", draft.reasons


def test_a_promise_the_approved_template_makes_is_sent():
    body = CONGRATS["body"].replace("Open to a short call", "You'll book more meetings. Open to a short call")
    draft = first("You'll book more meetings.", template=body)
    assert draft.verdict == WRITTEN and draft.generated_by == "openai:adversary", draft.reasons


def test_a_suggested_answer_promising_a_result_is_refused():
    assert offer_reasons("Happy to walk you through it. Your reply rates will go up.", "Dana asked how it works.")
