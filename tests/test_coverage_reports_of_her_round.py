"""A report, number or piece of coverage about her round is press: a draft or a suggested answer that says
someone saw or read it ("I read the coverage reports on your Series B", "I saw the coverage report about
the raise", "I saw the coverage numbers on your launch") falls back to the approved template or is refused,
as "I saw the coverage of your Series B" is. Coverage a seller measures ("I read the coverage reports most
boards ask for", "I saw the coverage gap this opens") goes out."""

from __future__ import annotations

import pytest

from sdr_assets.domain.drafting import WRITTEN
from tests.model_drafts import answer_reasons, first

REPLY = "Interesting. What do boards usually ask after a raise?"
PRESS = ["I read the coverage reports on your Series B.", "I saw the coverage report about the raise.",
         "I saw the coverage numbers on your Series B."]


@pytest.mark.parametrize("claim", PRESS)
def test_press_about_her_round_is_not_sent(claim):
    draft = first(claim)
    assert draft.generated_by != "openai:adversary", f"no research says: {claim}"
    assert any("press claim" in r for r in draft.reasons), draft.reasons


@pytest.mark.parametrize("claim", PRESS)
def test_a_suggested_answer_saying_it_is_refused(claim):
    assert any("press claim" in r for r in answer_reasons(f"Thanks Dana, good question. {claim}", REPLY))


@pytest.mark.parametrize("said", ["I read the coverage reports most boards ask for as a floor.",
                                  "I saw the coverage gap this opens for most teams."])
def test_coverage_a_seller_measures_goes_out(said):
    draft = first(said)
    assert draft.verdict == WRITTEN and draft.generated_by == "openai:adversary", draft.reasons
    assert not [r for r in answer_reasons(f"Thanks Dana, good question. {said}", REPLY) if "press claim" in r]
