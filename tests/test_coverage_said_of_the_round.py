"""Research gives a round from a feed of signals, never the press it got: a model's draft that
congratulates her on the coverage or speaks of the coverage of the round ("Congrats on the coverage",
"Great coverage of the round", "The coverage you got was well earned") falls back to the approved
template. Coverage in a seller's sense (pipeline, territory or account coverage) goes out."""

from __future__ import annotations

import pytest

from sdr_assets.domain.drafting import WRITTEN
from tests.model_drafts import answer_reasons, first

PRESS = ["Congrats on the coverage.", "Congratulations on all the coverage.", "Great coverage of the round.",
         "I saw the coverage of your Series B.", "The coverage you got was well earned.",
         "Coverage of the raise was everywhere."]
SELLERS = ["Pipeline coverage is what boards ask about.", "We give your reps coverage of every account.",
           "Congrats on the Series B and on the coverage of new territories it buys.",
           "Territory coverage is the first thing a new board asks about."]


@pytest.mark.parametrize("claim", PRESS)
def test_coverage_of_the_round_is_not_sent(claim):
    draft = first(claim)
    assert draft.generated_by != "openai:adversary", f"no research says: {claim}"
    assert any("press claim" in r for r in draft.reasons), draft.reasons


@pytest.mark.parametrize("said", SELLERS)
def test_coverage_in_a_sellers_sense_goes_out(said):
    draft = first(said)
    assert draft.verdict == WRITTEN and draft.generated_by == "openai:adversary", draft.reasons


@pytest.mark.parametrize("said", SELLERS)
def test_a_suggested_answer_saying_it_is_offered(said):
    reply = "Interesting. What do boards usually ask after a raise?"
    assert answer_reasons(f"Thanks Dana, good question. {said}", reply) == []
