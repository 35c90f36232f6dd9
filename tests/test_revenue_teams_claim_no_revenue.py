"""'Revenue' naming a function ("We work with revenue teams on outbound", "revenue leaders") states no
revenue of the prospect's: a model's draft that says what we do for such a team goes out, in a play
whose facts give no revenue. Revenue said of them ("Revenue is up this year", "The round came on strong
revenue") still falls back to the approved template."""

from __future__ import annotations

import pytest

from sdr_assets.domain.drafting import WRITTEN
from tests.model_drafts import first


@pytest.mark.parametrize("plain", [
    "We work with revenue teams on outbound.",
    "Revenue teams get the drafts first.",
    "We help revenue leaders plan pipeline.",
])
def test_revenue_naming_a_function_is_sent(plain):
    draft = first(plain)
    assert draft.verdict == WRITTEN and draft.generated_by == "openai:adversary", draft.reasons


@pytest.mark.parametrize("claim", [
    "Revenue is up this year.",
    "The round came on strong revenue.",
    "Your revenue doubled.",
])
def test_revenue_said_of_them_is_not_sent(claim):
    draft = first(claim)
    assert draft.generated_by != "openai:adversary", f"no research says: {claim}"
    assert any("revenue claim" in r for r in draft.reasons), draft.reasons
