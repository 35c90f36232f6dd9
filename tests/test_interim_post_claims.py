"""Research gives the contact's title, never that she holds it for a time only: a model's draft that calls
her post interim or acting ("As interim VP Sales, you will own that answer", "As the acting VP Sales")
falls back to the approved template, unless the title the facts give says so. Her title alone, and
"acting" or "interim" said of nothing of hers, go out."""

from __future__ import annotations

import pytest

from sdr_assets.domain.drafting import WRITTEN
from tests.model_drafts import first


@pytest.mark.parametrize("claim", [
    "As interim VP Sales, you will own that answer.",
    "As the acting VP Sales, you will own that answer.",
])
def test_a_post_called_interim_is_not_sent(claim):
    draft = first(claim)
    assert draft.generated_by != "openai:adversary", f"no research says: {claim}"
    assert any("tenure" in r for r in draft.reasons), draft.reasons


@pytest.mark.parametrize("plain", [
    "As VP Sales, you will own that answer.",
    "Acting on it early pays off.",
    "An interim plan rarely holds.",
    "Outgoing mail is signed off by a person.",
])
def test_no_post_of_hers_called_interim_is_sent(plain):
    draft = first(plain)
    assert draft.verdict == WRITTEN and draft.generated_by == "openai:adversary", draft.reasons


def test_a_title_the_facts_give_as_interim_grounds_it():
    draft = first("As interim VP Sales, you will own that answer.", title="Interim VP Sales")
    assert not any("tenure" in r for r in draft.reasons), draft.reasons
