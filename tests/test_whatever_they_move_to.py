"""'Whatever' or 'no matter' before a renewal of theirs leaves its date open ("Whatever your Salesforce
renewal date, the tables stay the same"): the draft goes out. Before a move away from a technology they
presuppose the move ("Whatever you're migrating off Redshift to, the tables load", "Whichever warehouse
you replace Redshift with"), which research never found: the draft falls back to the approved
template."""

from __future__ import annotations

import pytest

from sdr_assets.domain.drafting import WRITTEN
from tests.model_drafts import stack


@pytest.mark.parametrize("claim", ["Whatever you're migrating off Redshift to, the tables load.",
                                   "Whatever you replace Redshift with, the tables load.",
                                   "Whichever warehouse you replace Redshift with, the tables load."])
def test_a_move_away_under_whatever_is_not_sent(claim):
    draft = stack(claim)
    assert draft.generated_by != "openai:adversary", f"no research says: {claim}"
    assert any("move off a technology" in r for r in draft.reasons), draft.reasons


@pytest.mark.parametrize("said", ["Whatever your Salesforce renewal date, the tables stay the same.",
                                  "No matter when Salesforce renews, the tables stay."])
def test_a_renewal_under_whatever_goes_out(said):
    draft = stack(said, tech_stack="Salesforce, Redshift, HubSpot")
    assert draft.verdict == WRITTEN and draft.generated_by == "openai:adversary", draft.reasons
