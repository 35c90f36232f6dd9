"""No research tells that we wrote to the prospect's colleagues, still less that they answered: a model's
draft that says so ("A few of your colleagues already replied", "Your team wrote back last week") falls
back to the approved template. A condition, a time to come or what her colleagues need not do goes
out."""

from __future__ import annotations

import pytest

from sdr_assets.domain.drafting import WRITTEN
from sdr_assets.domain.engagement_claims import engagement_reasons
from tests.model_drafts import first


@pytest.mark.parametrize("claim", [
    "A few of your colleagues already replied.",
    "Some of your colleagues at Initech have responded.",
    "Your teammates already got back to me.",
])
def test_colleagues_said_to_have_answered_us_are_not_sent(claim):
    draft = first(claim)
    assert draft.generated_by != "openai:adversary", f"no research says: {claim}"
    assert any("earlier contact claim" in r for r in draft.reasons), draft.reasons


@pytest.mark.parametrize("plain", [
    "If your colleagues replied, ignore this.",
    "Once your team has replied, the drafts move on.",
    "Your colleagues never need to reply to anything.",
    "Your reps get replies, not drafts.",
])
def test_no_answer_of_theirs_said_is_sent(plain):
    draft = first(plain)
    assert draft.verdict == WRITTEN and draft.generated_by == "openai:adversary", draft.reasons


def test_grounds_that_say_they_replied_ground_it():
    said = "A few of your colleagues already replied."
    assert engagement_reasons(said, "A few of your colleagues already replied.") == []
    assert engagement_reasons(said, "Dana is VP Sales.")
