"""Coverage a seller measures ("the coverage gap", "the coverage ratio", "the coverage math") is no press:
a draft or a suggested answer that says someone saw, has seen or read it ("I saw the coverage gap this
opens for most teams", "We've seen the coverage ratio slip after a raise") goes out. Seeing the coverage
of her round ("I saw the coverage of your Series B", "Saw the coverage.") still falls back to the
approved template."""

from __future__ import annotations

import pytest

from sdr_assets.domain.drafting import WRITTEN
from tests.model_drafts import answer_reasons, first

MEASURES = ["I saw the coverage gap this opens for most teams.",
            "Most boards have seen the coverage math by now.",
            "I read the coverage numbers most boards ask for as a floor.",
            "We've seen the coverage ratio matter most after a raise."]


@pytest.mark.parametrize("said", MEASURES)
def test_coverage_a_seller_measures_goes_out(said):
    draft = first(said)
    assert not [r for r in draft.reasons if "press claim" in r], draft.reasons


@pytest.mark.parametrize("said", MEASURES[:3])
def test_the_draft_is_written(said):
    draft = first(said)
    assert draft.verdict == WRITTEN and draft.generated_by == "openai:adversary", draft.reasons


@pytest.mark.parametrize("said", MEASURES)
def test_a_suggested_answer_saying_it_is_offered(said):
    reply = "Interesting. What do boards usually ask after a raise?"
    assert not [r for r in answer_reasons(f"Thanks Dana, good question. {said}", reply) if "press claim" in r]


@pytest.mark.parametrize("claim", ["I saw the coverage of your Series B.", "Saw the coverage.",
                                   "I've seen the coverage, congrats."])
def test_the_coverage_of_her_round_is_not_sent(claim):
    draft = first(claim)
    assert any("press claim" in r for r in draft.reasons), draft.reasons
