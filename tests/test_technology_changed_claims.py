"""Research tells which technologies a company uses and which one it is adopting; it never tells that
a technology of theirs fails them, that they are leaving it, or that they implement, upgrade or renew
one other than the one they adopt. A model's draft that says so ("Redshift no longer fits", "since
HubSpot isn't working for you", "leaving Redshift behind", "since you're churning off Redshift",
"since you just renewed Salesforce") falls back to the approved template. A condition, a negation, our
own work, teams in general and the adoption the facts give go out."""

from __future__ import annotations

import pytest

from sdr_assets.domain.adoption_stages import adoption_stage_reasons
from sdr_assets.domain.drafting import WRITTEN
from tests.model_drafts import stack


@pytest.mark.parametrize("claim", [
    "Since you're implementing Salesforce, the timing is good.",
    "Since you're upgrading Salesforce, the timing is good.",
    "Since you just renewed Salesforce, the timing is good.",
    "Since HubSpot isn't working for you, the timing is good.",
    "Redshift no longer fits.",
    "Leaving Redshift behind is a big step.",
    "Since you're churning off Redshift, the timing is good.",
])
def test_a_technology_said_to_fail_be_left_or_changed_is_not_sent(claim):
    draft = stack(claim, tech_stack="Salesforce, Redshift, HubSpot")
    assert draft.generated_by != "openai:adversary", f"no research says: {claim}"
    assert any("a technology not in the facts" in r for r in draft.reasons), draft.reasons


@pytest.mark.parametrize("plain", [
    "Since you're implementing Snowflake, the timing is good.",
    "If you're implementing Salesforce, the tables fit.",
    "If HubSpot isn't working for you, the tables still fit.",
    "There is no need to upgrade Salesforce for any of it.",
    "We implement the tables in Salesforce for you.",
    "Nothing here means leaving Redshift behind.",
    "It works whether or not you renew Salesforce.",
    "When a CRM no longer fits, teams usually rebuild from scratch.",
    "Teams implementing Snowflake usually ask for account data next.",
    "The tables keep working in Redshift.",
])
def test_a_sentence_that_says_no_change_of_theirs_is_sent(plain):
    draft = stack(plain, tech_stack="Salesforce, Redshift, HubSpot")
    assert draft.verdict == WRITTEN and draft.generated_by == "openai:adversary", draft.reasons


def test_grounds_that_state_the_change_ground_it():
    said = "Since you just renewed Salesforce, the timing is good."
    assert adoption_stage_reasons(said, "Initech just renewed Salesforce.", ("Salesforce",)) == []
    assert adoption_stage_reasons(said, "Initech uses Salesforce.", ("Salesforce",))
