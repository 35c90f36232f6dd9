"""Research finds a prospect's events, never how its numbers came out: a model's draft that says the
prospect hit, beat or missed a target ("your team just hit quota", "you beat your targets", "you
smashed your pipeline goals") falls back to the approved template, as "Acme missed its targets"
already does. A result the facts state ("you just raised a Series B") goes out."""

from __future__ import annotations

import pytest

from sdr_assets.domain.drafting import WRITTEN
from tests.model_drafts import first


@pytest.mark.parametrize("claim", [
    "Your team just hit quota.",
    "Your reps already beat plan.",
    "You beat your targets.",
    "You smashed your pipeline goals.",
    "You just missed your number.",
])
def test_a_result_said_of_the_prospect_is_not_sent(claim):
    draft = first(claim)
    assert draft.generated_by != "openai:adversary", f"no research says: {claim}"
    assert any("state of the prospect" in r for r in draft.reasons), draft.reasons


@pytest.mark.parametrize("plain", [
    "I know you just raised a Series B.",
    "In case you missed it, we help Software teams with outbound.",
    "If you hit your pipeline target early, the call can wait.",
])
def test_a_result_the_facts_give_or_no_result_at_all_is_sent(plain):
    draft = first(plain)
    assert draft.verdict == WRITTEN and draft.generated_by == "openai:adversary", draft.reasons
