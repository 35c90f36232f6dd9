"""A technology's own upgrades ("Salesforce upgrades don't break the tables", "HubSpot's upgrades change
nothing for the tables") and a move no one makes ("No one has to leave Salesforce behind", "Nobody is
replacing Salesforce") say no move of the prospect's: a model's draft or suggested answer that says so
goes out. Their own upgrade, renewal or move ("since you just renewed Salesforce", "your reps are
leaving Salesforce behind") still falls back to the approved template."""

from __future__ import annotations

import pytest

from sdr_assets.domain.drafting import WRITTEN
from tests.model_drafts import answer_reasons, stack, stack_facts

TECH_STACK = "Salesforce, Redshift, HubSpot"
NO_MOVE = ["Salesforce upgrades don't break the tables.", "HubSpot's upgrades change nothing for the tables.",
           "No one has to leave Salesforce behind.", "Nobody is replacing Salesforce."]


@pytest.mark.parametrize("said", NO_MOVE)
def test_no_move_of_theirs_goes_out(said):
    draft = stack(said, tech_stack=TECH_STACK)
    assert draft.verdict == WRITTEN and draft.generated_by == "openai:adversary", draft.reasons


@pytest.mark.parametrize("said", NO_MOVE)
def test_a_suggested_answer_saying_it_is_offered(said):
    reply = "Interesting. What happens to the tables when our stack changes?"
    assert answer_reasons(f"Thanks Dana, good question. {said}", reply, stack_facts(TECH_STACK)) == []


@pytest.mark.parametrize("claim", ["Since you just renewed Salesforce, the timing is good.",
                                   "Your reps are leaving Salesforce behind.",
                                   "Since your team upgrades Salesforce this year, the timing is good."])
def test_a_move_of_theirs_is_not_sent(claim):
    draft = stack(claim, tech_stack=TECH_STACK)
    assert draft.generated_by != "openai:adversary", f"no research says: {claim}"
