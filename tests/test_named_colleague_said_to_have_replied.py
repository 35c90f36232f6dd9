"""No research tells that we wrote to anyone at the account, still less that they answered: a draft that
says a colleague of hers replied, by name or not ("Your colleague Sam already replied", "Sam already
replied", "A colleague of yours already answered"), falls back to the approved template, though the
facts name Sam (the signal's person). Sam named in what is to come, or replies in general, go out."""

from __future__ import annotations

import pytest

from sdr_assets.domain.drafting import WRITTEN
from tests.model_drafts import SIGNAL, by_model, congrats_email, facts, request

WITH_SAM = {**SIGNAL, "attributes": {**SIGNAL["attributes"], "person": "Sam Rivera"}}


def _draft(said: str):
    return by_model(request(facts(WITH_SAM)), "Congrats on the Series B, Dana", congrats_email(said))


@pytest.mark.parametrize("claim", ["Your colleague Sam already replied.", "Sam already replied.",
                                   "Your colleague Sam Rivera has replied.", "Sam Rivera got back to me.",
                                   "A colleague of yours already answered.", "Sam responded last week."])
def test_a_colleague_said_to_have_replied_is_not_sent(claim):
    draft = _draft(claim)
    assert draft.generated_by != "openai:adversary", f"no research says: {claim}"
    assert any("earlier contact claim" in r or "relation with us" in r for r in draft.reasons), draft.reasons


@pytest.mark.parametrize("said", ["Your colleague Sam may want to see this.",
                                  "Sam will want to see how the replies are drafted.",
                                  "Happy to walk Sam through how replies are answered.",
                                  "Your colleagues never need to reply to anything."])
def test_sam_in_what_is_to_come_goes_out(said):
    draft = _draft(said)
    assert draft.verdict == WRITTEN and draft.generated_by == "openai:adversary", draft.reasons
