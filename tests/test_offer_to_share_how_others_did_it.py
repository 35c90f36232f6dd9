"""An offer to show how others did a thing ("Happy to share how Accel's other portfolio companies do it",
"how other Series B companies did it") tells of customers we served, often ones shared with the
prospect's investor, that no research found: a model's draft that offers it falls back to the approved
template. The template's own offer ("I can share how other Software teams approached it") grounds those
others, and an offer of how a thing works goes out; an offer after a condition of her interest ("if you
want, I can show how ...") still tells of those others."""

from __future__ import annotations

import pytest

from sdr_assets.domain.drafting import WRITTEN
from sdr_assets.domain.served_others import served_others_reasons
from tests.model_drafts import first, follow_up


@pytest.mark.parametrize("claim", [
    "Happy to share how Accel's other portfolio companies do it.",
    "Happy to share how other Series B companies did it.",
    "Here's how other founders did it.",
    "If you want, I can show how other Series B teams set it up.",
])
def test_an_offer_to_show_how_others_did_it_is_not_sent(claim):
    draft = first(claim)
    assert draft.generated_by != "openai:adversary", f"no research says: {claim}"
    assert any("others we served" in r for r in draft.reasons), draft.reasons


@pytest.mark.parametrize("plain", [
    "Happy to share how it works.",
    "Happy to share how Software teams set it up.",
    "Happy to share how the approval works for other plays.",
])
def test_an_offer_naming_no_others_we_served_is_sent(plain):
    draft = first(plain)
    assert draft.verdict == WRITTEN and draft.generated_by == "openai:adversary", draft.reasons


def test_the_templates_own_offer_grounds_its_others():
    draft = follow_up(offer="I can share how other Software teams approached it.")
    assert draft.verdict == WRITTEN and draft.generated_by == "openai:adversary", draft.reasons
    draft = follow_up(offer="I can share how other Series B companies approached it.")
    assert draft.generated_by != "openai:adversary", draft.reasons


def test_grounds_that_name_the_others_ground_them():
    said = "Happy to share how other Series B companies did it."
    assert served_others_reasons(said, "We can share how other Series B companies did it.") == []
    assert served_others_reasons(said, "We help Software teams.")
