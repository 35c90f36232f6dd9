"""Research never tells how the prospect's people work: a model's draft that says what they rely on, run
their work from, miss or get their pipeline from ("Your reps rely on cold calls", "Your team runs outbound
out of spreadsheets", "You run outbound from spreadsheets", "Your reps miss quota", "Your pipeline comes
mostly from referrals") falls back to the approved template; 'relies' and a few habits were read, not
'rely', 'run' or 'comes from'. The same verbs over a technology the facts name ("Your reps rely on
Salesforce"), what we help them do, or not opening a clause go out."""

from __future__ import annotations

import pytest

from sdr_assets.domain.drafting import WRITTEN
from tests.model_drafts import answer_reasons, first, stack, stack_facts


@pytest.mark.parametrize("claim", ["Your reps rely on cold calls.", "Your team runs outbound out of spreadsheets.",
                                   "You run outbound from spreadsheets.", "Your reps miss quota.",
                                   "Your pipeline comes mostly from referrals."])
def test_a_habit_of_theirs_is_not_sent(claim):
    draft = first(claim)
    assert draft.generated_by != "openai:adversary", f"no research says: {claim}"
    assert any("state of the prospect" in r for r in draft.reasons), draft.reasons


GROUNDED = ["Your reps rely on Salesforce.", "Your team runs Salesforce and Redshift."]
PLAIN = ["We help your reps run outbound without the busywork.", "The pipeline your reps run is what the board reads.",
         "Your Series B comes at a good time."]


@pytest.mark.parametrize("said", GROUNDED)
def test_a_habit_over_a_technology_of_theirs_goes_out(said):
    draft = stack(said)
    assert draft.verdict == WRITTEN and draft.generated_by == "openai:adversary", draft.reasons


@pytest.mark.parametrize("said", PLAIN)
def test_no_habit_of_theirs_goes_out(said):
    draft = first(said)
    assert draft.verdict == WRITTEN and draft.generated_by == "openai:adversary", draft.reasons


@pytest.mark.parametrize("said", GROUNDED)
def test_a_suggested_answer_saying_it_is_offered(said):
    reply = "Would our reps have to change how they work?"
    assert answer_reasons(f"Thanks Dana, good question. {said}", reply, stack_facts()) == []
