"""An offer to show how other teams do a thing, naming them by nothing but "other" ("If you want, I can
show how other teams set it up", the follow-up's own "I can share how other Software teams approached
it" without the industry), names no one we served: it is the play's own offer, and a model's draft that
makes it goes out, in the first email, a follow-up and a suggested answer. Others it names ("other Series
B teams", "Accel's other portfolio companies", "other customers") or tells of without an offer ("Here's
how other founders did it") still fall back to the approved template."""

from __future__ import annotations

import pytest

from sdr_assets.domain.drafting import WRITTEN
from tests.model_drafts import answer_reasons, first, follow_up

REPLY = "Interesting. How long does setup take?"
OFFERS = ["If you want, I can show how other teams set it up.", "Happy to share how other companies approached it.",
          "I'd be glad to walk you through how others set it up."]


@pytest.mark.parametrize("offer", OFFERS)
def test_an_offer_naming_others_by_other_alone_goes_out(offer):
    draft = first(offer)
    assert draft.verdict == WRITTEN and draft.generated_by == "openai:adversary", draft.reasons


@pytest.mark.parametrize("offer", ["I can share how other teams approached it.", *OFFERS])
def test_the_follow_ups_offer_without_its_industry_goes_out(offer):
    draft = follow_up(offer=offer)
    assert draft.verdict == WRITTEN and draft.generated_by == "openai:adversary", draft.reasons


@pytest.mark.parametrize("offer", OFFERS)
def test_a_suggested_answer_with_the_offer_is_offered(offer):
    assert answer_reasons(f"Thanks Dana, setup takes a short call. {offer}", REPLY) == []


@pytest.mark.parametrize("claim", [
    "Here's how other founders did it.",
    "Happy to share how other customers set it up.",
    "If you want, I can show how other Series B teams set it up.",
    "Happy to share how Accel's other portfolio companies do it.",
])
def test_others_named_or_told_of_without_an_offer_are_not_sent(claim):
    draft = first(claim)
    assert draft.generated_by != "openai:adversary", f"no research says: {claim}"
    assert any("others we served" in r for r in draft.reasons), draft.reasons
    assert any("others we served" in r
               for r in answer_reasons(f"Thanks Dana, setup takes a short call. {claim}", REPLY))
