"""Where people work said in a condition ("Whether your team is remote or in the office, every draft
waits for a person") claims no office of the prospect's: a model's draft or suggested answer that says
so goes out. An office of theirs said outright ("I saw Initech opened a new office", "your team is back
in the office") still falls back to the approved template."""

from __future__ import annotations

import pytest

from sdr_assets.domain.drafting import WRITTEN
from tests.model_drafts import answer_reasons, first

PLACES = ["Whether your team is remote or in the office, every draft waits for a person.",
          "If your reps are in the office or at home, the approval works the same."]


@pytest.mark.parametrize("said", PLACES)
def test_a_place_of_work_in_a_condition_goes_out(said):
    draft = first(said)
    assert draft.verdict == WRITTEN and draft.generated_by == "openai:adversary", draft.reasons


@pytest.mark.parametrize("said", PLACES)
def test_a_suggested_answer_saying_it_is_offered(said):
    reply = "Interesting. Does it work for a hybrid team?"
    assert answer_reasons(f"Thanks Dana, good question. {said}", reply) == []


@pytest.mark.parametrize("claim", ["I saw Initech opened a new office.", "Now that your team is back in the office, "
                                   "the timing is good.", "Whether or not you know it, Initech is opening an office."])
def test_an_office_of_theirs_is_not_sent(claim):
    draft = first(claim)
    assert draft.generated_by != "openai:adversary", f"no research says: {claim}"
    assert any("office claim" in r for r in draft.reasons), draft.reasons
