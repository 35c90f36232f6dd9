"""Research counts a prospect's employees and gives a country; it never says where their people work:
a model's draft that calls their team global or remote ("Your global team will feel it", "Your remote
team will feel it") falls back to the approved template, unless the grounds use the word (a "VP Global
Sales"). Our own team, teams in general and a condition go out."""

from __future__ import annotations

import pytest

from sdr_assets.domain.drafting import WRITTEN
from tests.model_drafts import first


@pytest.mark.parametrize("claim", [
    "Your global team will feel it.",
    "Your remote team will feel it.",
    "Initech's distributed sales team will feel it.",
])
def test_where_their_people_work_is_not_sent(claim):
    draft = first(claim)
    assert draft.generated_by != "openai:adversary", f"no research says: {claim}"
    assert any("make-up of the prospect's people" in r for r in draft.reasons), draft.reasons


@pytest.mark.parametrize("plain", [
    "Your team will feel it.",
    "Our remote team drafts every email.",
    "If your team is remote, it still works.",
    "Remote teams often need this most.",
    "It works for a global team too.",
])
def test_no_place_of_their_people_said_is_sent(plain):
    draft = first(plain)
    assert draft.verdict == WRITTEN and draft.generated_by == "openai:adversary", draft.reasons


def test_a_title_that_says_global_grounds_it():
    draft = first("Your global team will feel it.", title="VP Global Sales")
    assert not any("make-up" in r for r in draft.reasons), draft.reasons
