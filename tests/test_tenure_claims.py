"""Research gives the contact's title, never how long she has held it or how much she has done: a
model's draft that says so ("as a seasoned VP Sales", "after years as VP Sales", "as a first-time VP
Sales", "you've been VP Sales for a while", "with your decade in sales") falls back to the approved
template. Years said of no one of theirs, or in a question or condition, go out."""

from __future__ import annotations

import pytest

from sdr_assets.domain.drafting import WRITTEN
from sdr_assets.domain.tenure_claims import tenure_reasons
from tests.model_drafts import first


@pytest.mark.parametrize("claim", [
    "After years as VP Sales, you know the drill.",
    "As a long-time VP Sales, you know the drill.",
    "As a first-time VP Sales, you know the drill.",
    "As a seasoned VP Sales, you know the drill.",
    "With your decade in sales, you know the drill.",
    "Having led sales for years, you know the drill.",
    "You've been VP Sales for a while now, so you know the drill.",
])
def test_how_long_she_has_held_a_post_is_not_sent(claim):
    draft = first(claim)
    assert draft.generated_by != "openai:adversary", f"no research says: {claim}"
    assert any("tenure" in r for r in draft.reasons), draft.reasons


@pytest.mark.parametrize("plain", [
    "As VP Sales, you know the drill.",
    "Outbound has worked this way for years.",
    "If you have run sales for years, you know the drill.",
])
def test_years_said_of_no_one_of_theirs_are_sent(plain):
    draft = first(plain)
    assert draft.verdict == WRITTEN and draft.generated_by == "openai:adversary", draft.reasons


def test_grounds_that_say_her_tenure_ground_it():
    assert tenure_reasons("As a seasoned VP Sales, you know it.", "As a seasoned sales leader, you have seen it.") == []
    assert tenure_reasons("As a seasoned VP Sales, you know it.", "Dana is VP Sales.")
