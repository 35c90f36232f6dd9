"""Claims about the prospect worded outside the lexicon's first words: each needs a fact behind it.

The README ("Message truth") promises that claims of acquisitions, of a person's change of role and
of how the prospect stands ("the state of their business", a technology's move) go out only where
the facts hold them. The facts here are a Series B led by Accel for Initech, whose VP Sales is Dana
and whose stack holds Salesforce and HubSpot: nothing says Initech was sold, that Dana is leaving,
retiring or founded it, or that the team is dropping HubSpot. Each sentence below is a plausible
embellishment by a model; the same claim in the lexicon's first words ("acquired", "stepped down",
"founder", "migrating off") falls back, and so must these. Still read as no claim, for want of a
sense-aware check: "selling Initech", "an Accel company", "you are leaving", "you started Initech"
(the words alone are too common in outreach copy).
"""

from __future__ import annotations

import pytest

from sdr_assets.domain.drafting import WRITTEN
from tests.test_untrue_model_drafts import CONGRATS, _email, _request, _settled

CLAIMS = {
    # an acquisition
    "sale": "Congratulations on the sale of Initech to Accel.",
    "exit": "Congratulations on the Series B and on the exit.",
    # the contact let go or retiring
    "let_go": "Sorry to hear you were let go, Dana.",
    "retirement": "Congrats on your retirement, Dana.",
    # the contact founding the company
    "co_founded": "Since you co-founded Initech, you know the pipeline well.",
    # the stack changing
    "ditching": "I saw you're ditching HubSpot.",
    "cancelled": "I saw you just cancelled HubSpot.",
}
SAID_PLAINLY = {
    "sale": "Congratulations on Initech being acquired by Accel.",
    "leaving": "I know you stepped down at Initech, Dana.",
    "co_founded": "Since you are the founder of Initech, you know the pipeline well.",
    "ditching": "I saw you're migrating off HubSpot.",
}


@pytest.mark.parametrize("plain", SAID_PLAINLY.values(), ids=SAID_PLAINLY)
def test_the_claim_in_the_lexicons_words_falls_back(plain):
    """The control: each claim worded as the lexicon words it is stopped."""
    draft = _settled(_request(), "Congrats on the Series B, Dana", _email("Hi Dana", f"{plain} {CONGRATS}"))
    assert draft.verdict != WRITTEN


@pytest.mark.parametrize("claim", CLAIMS.values(), ids=CLAIMS)
def test_a_claim_of_a_sale_a_departure_a_founding_or_a_dropped_tool_is_not_sent(claim):
    draft = _settled(_request(), "Congrats on the Series B, Dana", _email("Hi Dana", f"{claim} {CONGRATS}"))
    assert draft.verdict != WRITTEN, f"no fact says it, sent as written: {claim}"
