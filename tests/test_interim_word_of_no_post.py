"""'Interim', 'acting', 'temporary', 'fractional' and 'outgoing' call a post of hers held for a time only
where a post follows ("as interim VP Sales", "you're the acting head of sales"); said of a thing of hers
("Your outgoing email stays in your own mailbox", "Your temporary setup can stay as it is") they call no
post, and a model's draft or suggested answer that says so goes out."""

from __future__ import annotations

import pytest

from sdr_assets.domain.drafting import WRITTEN
from sdr_assets.domain.tenure_claims import tenure_reasons
from tests.model_drafts import answer_reasons, first

THINGS = ["Your outgoing email stays in your own mailbox.", "Your temporary setup can stay as it is.",
          "Your outgoing mail goes out from your own domain."]


@pytest.mark.parametrize("said", THINGS)
def test_a_thing_of_hers_called_outgoing_or_temporary_goes_out(said):
    draft = first(said)
    assert draft.verdict == WRITTEN and draft.generated_by == "openai:adversary", draft.reasons


@pytest.mark.parametrize("said", THINGS)
def test_a_suggested_answer_saying_it_is_offered(said):
    reply = "Interesting. Does the mail go out from our domain?"
    assert answer_reasons(f"Thanks Dana, yes. {said}", reply) == []


@pytest.mark.parametrize("claim", ["As interim VP Sales, you will own that answer.",
                                   "You're the acting head of sales, so the call is yours.",
                                   "As the outgoing CRO, you will hand this over."])
def test_a_post_of_hers_called_interim_is_not_sent(claim):
    draft = first(claim)
    assert draft.generated_by != "openai:adversary", f"no research says: {claim}"
    assert tenure_reasons(claim, "VP Sales at Initech")
