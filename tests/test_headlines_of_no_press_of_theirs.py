"""'Headlines' and 'I've read about' tell of press the round got only where it made them or was read
of: "It made headlines everywhere" and "I read about the round" fall back to the approved template,
but "Beyond the headlines, the board will ask about pipeline" and "I've read about how hard the first
board meeting after a raise can be" tell of no press of theirs, and a model's draft or suggested answer
that says so goes out."""

from __future__ import annotations

import pytest

from sdr_assets.domain.drafting import WRITTEN
from tests.model_drafts import answer_reasons, first

NO_PRESS = ["Beyond the headlines, the board will ask about pipeline.",
            "Once the headlines fade, the board asks about pipeline.",
            "I've read about how hard the first board meeting after a raise can be.",
            "I read about teams rebuilding outbound after a round, and it rarely goes smoothly."]


@pytest.mark.parametrize("said", NO_PRESS)
def test_no_press_of_theirs_goes_out(said):
    draft = first(said)
    assert draft.verdict == WRITTEN and draft.generated_by == "openai:adversary", draft.reasons


@pytest.mark.parametrize("said", NO_PRESS)
def test_a_suggested_answer_saying_it_is_offered(said):
    reply = "Interesting. What do boards usually ask after a raise?"
    assert answer_reasons(f"Thanks Dana, good question. {said}", reply) == []


@pytest.mark.parametrize("claim", ["It made headlines everywhere.", "The round hit the headlines.",
                                   "I read about the round in TechCrunch.", "I've read about your Series B."])
def test_press_of_theirs_is_not_sent(claim):
    draft = first(claim)
    assert draft.generated_by != "openai:adversary", f"no research says: {claim}"
    assert any("press claim" in r for r in draft.reasons), draft.reasons
