"""Research tells which technologies the prospect runs, never when their contract for one renews: a model's
draft that calls their renewal of one a reason to talk ("Your Salesforce renewal is a good moment to look
at this", "With your Salesforce renewal coming up") falls back to the approved template. A vendor's own
renewals or upgrades and a renewal said in a condition ("Whatever your Salesforce renewal date, the tables
stay the same") tell no renewal of theirs and go out."""

from __future__ import annotations

import pytest

from sdr_assets.domain.drafting import WRITTEN
from tests.model_drafts import answer_reasons, stack, stack_facts

TECH_STACK = "Salesforce, Redshift, HubSpot"
NO_RENEWAL = ["Salesforce renewals don't change the tables.", "Salesforce upgrades don't break the tables.",
              "Whatever your Salesforce renewal date, the tables stay the same.",
              "Nothing about your Salesforce renewal changes.",
              "No matter when Salesforce renews, the tables stay."]


@pytest.mark.parametrize("claim", ["Your Salesforce renewal is a good moment to look at this.",
                                   "With your Salesforce renewal coming up, the timing is good.",
                                   "Salesforce renewal season is a good moment to look at this.",
                                   "Your HubSpot upgrades are coming up."])
def test_a_renewal_of_theirs_is_not_sent(claim):
    draft = stack(claim, tech_stack=TECH_STACK)
    assert draft.generated_by != "openai:adversary", f"no research says: {claim}"
    assert any("change to a technology" in r for r in draft.reasons), draft.reasons


@pytest.mark.parametrize("said", NO_RENEWAL)
def test_no_renewal_of_theirs_goes_out(said):
    draft = stack(said, tech_stack=TECH_STACK)
    assert draft.verdict == WRITTEN and draft.generated_by == "openai:adversary", draft.reasons


@pytest.mark.parametrize("said", NO_RENEWAL)
def test_a_suggested_answer_saying_it_is_offered(said):
    reply = "Interesting. What happens to the tables when our stack changes?"
    assert answer_reasons(f"Thanks Dana, good question. {said}", reply, stack_facts(TECH_STACK)) == []
