"""Research never tells how the prospect's people work: a draft that says what they depend, lean or count on,
where they live or work out of ("Your reps depend on cold calls", "Your pipeline depends on referrals",
"Your team leans on spreadsheets for outbound", "Your reps live in spreadsheets", "Your reps work out of
spreadsheets") falls back to the approved template, as "Your reps rely on cold calls" does. Over a
technology the facts name ("Your reps live in Salesforce"), or what they may count on with us, it goes
out."""

from __future__ import annotations

import pytest

from sdr_assets.domain.drafting import WRITTEN
from tests.model_drafts import first, stack


@pytest.mark.parametrize("claim", ["Your reps depend on cold calls.", "Your pipeline depends on referrals.",
                                   "Your team leans on spreadsheets for outbound.", "Your reps count on referrals.",
                                   "Your reps live in spreadsheets.", "Your reps work out of spreadsheets."])
def test_a_habit_of_theirs_is_not_sent(claim):
    draft = first(claim)
    assert draft.generated_by != "openai:adversary", f"no research says: {claim}"
    assert any("state of the prospect" in r for r in draft.reasons), draft.reasons


@pytest.mark.parametrize("said", ["Your reps live in Salesforce.", "Your analysts depend on Redshift.",
                                  "Your team works out of Salesforce and Redshift."])
def test_a_habit_over_a_technology_of_theirs_goes_out(said):
    draft = stack(said)
    assert draft.verdict == WRITTEN and draft.generated_by == "openai:adversary", draft.reasons


@pytest.mark.parametrize("said", ["Your reps can count on a person signing off every message.",
                                  "What your reps depend on is a person signing off every message."])
def test_no_habit_of_theirs_goes_out(said):
    draft = first(said)
    assert draft.verdict == WRITTEN and draft.generated_by == "openai:adversary", draft.reasons
