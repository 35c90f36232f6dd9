"""Research tells which technologies a company uses (its stack) and which one it is taking up (an
adoption signal); it never tells that it is leaving one. A model's draft that says the prospect is
replacing, moving off or phasing out a technology of the facts ("since you're replacing Redshift with
Snowflake", "as you move off Redshift") falls back to the approved template. A sentence that says no
such move of theirs (a condition, a negation, ours) goes out."""

from __future__ import annotations

import pytest

from sdr_assets.domain.adoption_stages import adoption_stage_reasons
from sdr_assets.domain.drafting import WRITTEN
from tests.model_drafts import stack

# The warehouse email with the sentence on what the warehouse leads to.
MIDDLE = ("I noticed your team is adopting Snowflake. Once the warehouse is live, the next request is usually "
          "clean account and signal data for revenue teams. We supply that as tables your team already knows "
          "how to use.")


@pytest.mark.parametrize("claim", [
    "Since you're replacing Redshift with Snowflake, the timing is good.",
    "Since you're migrating from Redshift, the timing is good.",
    "As you move off Redshift, the timing is good.",
    "Since you're sunsetting Redshift, the timing is good.",
    "As you phase out Redshift, the timing is good.",
    "Since Redshift is on its way out, the timing is good.",
    "Moving from Redshift to Snowflake is a big step.",
    "As you consolidate onto Snowflake, the timing is good.",
    "Since you outgrew Redshift, the timing is good.",
])
def test_a_technology_said_to_be_left_is_not_sent(claim):
    draft = stack(claim, middle=MIDDLE)
    assert draft.generated_by != "openai:adversary", f"no research says: {claim}"
    assert any("move off a technology not in the facts" in r for r in draft.reasons), draft.reasons


@pytest.mark.parametrize("plain", [
    "There is no need to replace Redshift for any of it.",
    "If you ever move off Redshift, the tables move with you.",
    "It works alongside Redshift and Salesforce.",
    "I will leave you to it.",
    "We replace the exports your team pulls from Redshift.",
    "Snowflake will not replace clean account data.",
    "Account data moves from Salesforce into Snowflake as tables.",
])
def test_a_sentence_that_says_no_move_of_theirs_is_sent(plain):
    draft = stack(plain, middle=MIDDLE)
    assert draft.verdict == WRITTEN and draft.generated_by == "openai:adversary", draft.reasons


def test_grounds_that_state_the_move_ground_it():
    said = "Since you're replacing Redshift with Snowflake, the timing is good."
    assert adoption_stage_reasons(said, "Initech is replacing Redshift with Snowflake.", ("Redshift", "Snowflake")) == []
    assert adoption_stage_reasons(said, "Initech uses Redshift.", ("Redshift", "Snowflake"))
