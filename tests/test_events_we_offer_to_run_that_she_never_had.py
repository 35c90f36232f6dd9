"""A time we offer to do something of hers goes out only for what we would make for her (an audit, a review,
a kickoff: "I can send your audit next week"). An event of hers that exists without us (a board meeting, a
renewal, an offsite, a planning cycle), said with a verb of ours and a time ahead ("Happy to host your offsite
next week", "We can schedule your renewal next month", "I can book your board meeting next month"), still
says she has it then, which research never finds: the draft falls back to the approved template."""

from __future__ import annotations

import pytest

from sdr_assets.domain.dated_events import dated_event_reasons
from tests.model_drafts import first

INVENTED = ["Happy to host your offsite next week.", "We can schedule your renewal next month.",
            "I can book your board meeting next month.", "We could run your planning cycle next quarter.",
            "Glad to set up your board review next month."]
OFFERED = ["I can send your audit next week.", "Happy to run your review next week.",
           "We could schedule your kickoff next week.", "I can send your board the deck next week."]


@pytest.mark.parametrize("claim", INVENTED)
def test_an_event_of_hers_beside_a_verb_of_ours_is_not_sent(claim):
    draft = first(claim)
    assert draft.generated_by != "openai:adversary", f"no research dates it: {claim}"
    assert any("event of theirs" in r for r in draft.reasons), draft.reasons


@pytest.mark.parametrize("claim", INVENTED)
def test_the_check_names_the_event(claim):
    assert dated_event_reasons(claim.lower(), "dana is vp sales at initech.")


@pytest.mark.parametrize("said", OFFERED)
def test_what_we_would_make_for_her_goes_out(said):
    assert not [r for r in first(said).reasons if "event of theirs" in r]
    assert dated_event_reasons(said.lower(), "dana is vp sales at initech.") == []
