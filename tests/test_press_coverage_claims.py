"""Research gives a round from a feed of signals, never the press it got: a model's draft that says the
news carried it ("It made headlines everywhere", "I read about it in the news", "The round got a lot of
coverage") falls back to the approved template. News and coverage in another sense (good news, account
or territory coverage) go out."""

from __future__ import annotations

import pytest

from sdr_assets.domain.drafting import WRITTEN
from tests.model_drafts import CONGRATS, first


@pytest.mark.parametrize("claim", [
    "It made headlines everywhere.",
    "I read about it in the news.",
    "The round got a lot of coverage.",
    "The round made the news.",
    "I read about the round last night.",
    "The round got plenty of press coverage.",
])
def test_press_the_round_is_said_to_have_got_is_not_sent(claim):
    draft = first(claim)
    assert draft.generated_by != "openai:adversary", f"no research says: {claim}"
    assert any("press claim" in r for r in draft.reasons), draft.reasons


@pytest.mark.parametrize("plain", [
    "Good news is rarely the end of the work.",
    "We keep account coverage in view for every rep.",
    "Territory coverage is the first thing boards ask about.",
    "Happy to share more to read about how it works.",
])
def test_news_and_coverage_in_another_sense_are_sent(plain):
    draft = first(plain)
    assert draft.verdict == WRITTEN and draft.generated_by == "openai:adversary", draft.reasons


def test_a_template_that_mentions_the_coverage_grounds_it():
    body = CONGRATS["body"].replace("Open to a short call", "The round got a lot of coverage. Open to a short call")
    draft = first("The round got a lot of coverage.", template=body)
    assert draft.verdict == WRITTEN and draft.generated_by == "openai:adversary", draft.reasons
