"""Where the facts name a technology of theirs, saying their people keep on working in it ("Your reps keep
working in Salesforce", "Your team keeps using Redshift") tells no state research lacks and goes out; the
draft fell back to the template for the word 'keep'. Keeping on with something the facts do not name
("Your reps keep working in spreadsheets") or struggling with it ("Your reps keep struggling with
Salesforce") still falls back to the approved template."""

from __future__ import annotations

import pytest

from sdr_assets.domain.drafting import WRITTEN
from tests.model_drafts import answer_reasons, stack, stack_facts

KEPT_ON = ["Your reps keep working in Salesforce.", "Your reps keep using Salesforce.",
           "Your team keeps working in Redshift and Salesforce.",
           "Your reps keep working in Salesforce as they do now."]


@pytest.mark.parametrize("said", KEPT_ON)
def test_keeping_on_with_a_tool_of_theirs_goes_out(said):
    draft = stack(said)
    assert draft.verdict == WRITTEN and draft.generated_by == "openai:adversary", draft.reasons


@pytest.mark.parametrize("said", KEPT_ON)
def test_a_suggested_answer_saying_it_is_offered(said):
    reply = "Would our reps have to change how they work?"
    assert answer_reasons(f"Thanks Dana, good question. {said}", reply, stack_facts()) == []


@pytest.mark.parametrize("claim", ["Your reps keep working in spreadsheets.", "Your reps keep struggling with Salesforce.",
                                   "Your reps keep working late.", "Your reps kept working in Salesforce."])
def test_a_state_research_lacks_is_not_sent(claim):
    draft = stack(claim)
    assert draft.generated_by != "openai:adversary", f"no research says: {claim}"
    assert any("state of the prospect" in r for r in draft.reasons), draft.reasons
