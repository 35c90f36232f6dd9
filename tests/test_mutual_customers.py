"""No fact tells whom we serve now any more than whom we served: a model's draft that says we work
with others it counts ("we work with a few Accel portfolio companies", "we already support several
Software teams") or that others it counts use a thing of ours ("several Accel portfolio companies use
our platform") claims customers, often ones shared with the prospect's investor, that research never
found; it falls back to the approved template. What we do for a kind of team goes out."""

from __future__ import annotations

import pytest

from sdr_assets.domain.drafting import WRITTEN
from sdr_assets.domain.served_others import served_others_reasons
from tests.model_drafts import first


@pytest.mark.parametrize("claim", [
    "We work with a few Accel portfolio companies.",
    "We already work with several Software teams at your stage.",
    "We currently support a handful of Accel portfolio companies.",
    "Several Accel portfolio companies use our platform.",
    "Other sales leaders in Software rely on our approach.",
])
def test_customers_we_are_said_to_have_now_are_not_sent(claim):
    draft = first(claim)
    assert draft.generated_by != "openai:adversary", f"no research says: {claim}"
    assert any("others we served" in r for r in draft.reasons), draft.reasons


@pytest.mark.parametrize("plain", [
    "We work with Software teams that want a person to sign off.",
    "We work with sales teams on outbound.",
    "Your team would keep our approach for every play.",
])
def test_what_we_do_for_a_kind_of_team_is_sent(plain):
    draft = first(plain)
    assert draft.verdict == WRITTEN and draft.generated_by == "openai:adversary", draft.reasons


def test_the_grounds_saying_the_same_words_ground_them():
    said = "We work with a few Accel portfolio companies."
    assert served_others_reasons(said, "We work with a few Accel portfolio companies.") == []
