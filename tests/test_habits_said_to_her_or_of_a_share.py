"""Research never tells how the prospect works: a draft that says it to her ("You depend on referrals for
pipeline", "You live in spreadsheets", "You count on cold calls", "You work out of spreadsheets") or of a
share of her things ("Most of your pipeline comes from referrals", "Half of your reps rely on cold calls",
"Most of your data is out of date") falls back to the approved template, as "Your reps depend on cold calls"
does. What teams in general do ("Teams like yours count on clean data", "Most teams live in their CRM"),
what she may count on with us ("You can count on a person signing off every message") and a share in a
question go out."""

from __future__ import annotations

import pytest

from sdr_assets.domain.drafting import WRITTEN
from tests.model_drafts import first, stack


@pytest.mark.parametrize("claim", ["You depend on referrals for pipeline.", "You live in spreadsheets.",
                                   "You count on cold calls.", "You work out of spreadsheets.",
                                   "Most of your pipeline comes from referrals.",
                                   "Half of your reps rely on cold calls.", "Most of your data is out of date.",
                                   "I know most of your pipeline comes from referrals."])
def test_a_habit_of_hers_is_not_sent(claim):
    draft = first(claim)
    assert draft.generated_by != "openai:adversary", f"no research says: {claim}"
    assert any("state of the prospect" in r for r in draft.reasons), draft.reasons


@pytest.mark.parametrize("said", ["Teams like yours count on clean data.", "Most teams live in their CRM.",
                                  "You can count on a person signing off every message.",
                                  "Does most of your pipeline come from referrals?",
                                  "We cut the hours most of your reps spend on admin."])
def test_what_no_research_need_say_goes_out(said):
    draft = first(said)
    assert draft.verdict == WRITTEN and draft.generated_by == "openai:adversary", draft.reasons


def test_a_habit_over_a_technology_of_hers_goes_out():
    draft = stack("You live in Salesforce, and most of your analysts depend on Redshift.")
    assert draft.verdict == WRITTEN and draft.generated_by == "openai:adversary", draft.reasons
