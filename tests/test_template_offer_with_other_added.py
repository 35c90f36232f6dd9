"""The revops-hiring template offers "Happy to show you how {industry} teams set it up": a model's draft
that offers the same with "other" added ("Happy to show you how other Software teams set it up") tells
of no one the template does not, and goes out. Another kind of others ("other Fintech teams", "other
Series B companies") still falls back to the approved template."""

from __future__ import annotations

import pytest

from sdr_assets.domain.drafting import WRITTEN
from tests.model_drafts import HIRING, by_model, facts, request

MIDDLE = ("Quick question: who will own pipeline hygiene until the Revenue Operations Manager is in seat? We give "
          "revenue teams a supervised outbound process that the new hire can inherit rather than rebuild.")


def _settled(offer: str):
    body = f"Hi Dana,\n\n{MIDDLE} {offer}\n\nSam Carter\n"
    return by_model(request(facts(HIRING, sender="Sam Carter"), "revops-hiring", "question-first"),
                    "Before your new Revenue Operations Manager starts", body)


def test_the_templates_offer_with_other_added_goes_out():
    draft = _settled("Happy to show you how other Software teams set it up.")
    assert draft.verdict == WRITTEN and draft.generated_by == "openai:adversary", draft.reasons


@pytest.mark.parametrize("claim", ["Happy to show you how other Series B companies set it up.",
                                   "Happy to show you how Accel's other portfolio companies set it up."])
def test_other_others_are_not_sent(claim):
    draft = _settled(claim)
    assert draft.generated_by != "openai:adversary", f"no research says: {claim}"
    assert any("others we served" in r for r in draft.reasons), draft.reasons
