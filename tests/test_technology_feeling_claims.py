"""Research tells which technologies a company uses, never how its people feel about them: a model's
draft that says so ("Your team loves Salesforce", "Your reps hate Redshift") falls back to the approved
template. That they use it, how they may like our tables, a condition, our own taste and teams in
general go out."""

from __future__ import annotations

import pytest

from sdr_assets.domain.adoption_stages import adoption_stage_reasons
from sdr_assets.domain.drafting import WRITTEN
from tests.model_drafts import stack


@pytest.mark.parametrize("claim", [
    "Your team loves Salesforce.",
    "Your reps hate Redshift.",
    "Your team is frustrated with Redshift.",
])
def test_how_they_feel_about_a_technology_is_not_sent(claim):
    draft = stack(claim)
    assert draft.generated_by != "openai:adversary", f"no research says: {claim}"
    assert any("feeling about a technology" in r for r in draft.reasons), draft.reasons


@pytest.mark.parametrize("plain", [
    "Your team uses Salesforce.",
    "We love Salesforce too.",
    "If your team loves Salesforce, the tables fit.",
    "Teams love Salesforce for this.",
    "Your team will love the tables.",
])
def test_no_feeling_of_theirs_about_a_technology_is_sent(plain):
    draft = stack(plain)
    assert draft.verdict == WRITTEN and draft.generated_by == "openai:adversary", draft.reasons


def test_grounds_that_say_the_feeling_ground_it():
    said = "Your team loves Salesforce."
    assert adoption_stage_reasons(said, "Your team loves Salesforce.", ("Salesforce",)) == []
    assert adoption_stage_reasons(said, "Initech uses Salesforce.", ("Salesforce",))
