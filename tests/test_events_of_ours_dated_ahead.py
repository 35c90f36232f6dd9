"""An event the sender's side or no one in particular holds, dated ahead ("My team's offsite next week
means replies are slow", "Our team's kickoff next month is where we set this up", "Every company's board
meeting next quarter asks this"), is no event of the prospect's: the draft saying it goes
out. The prospect's own, by "your" or by her company's name ("Initech's kickoff next month"), still
falls back to the approved template."""

from __future__ import annotations

import pytest

from sdr_assets.domain.dated_events import dated_event_reasons
from sdr_assets.domain.drafting import WRITTEN
from tests.model_drafts import first

OURS = ["My team's offsite next week means replies from me are slow.",
        "Our team's kickoff next month is where we set this up.",
        "My colleague's review next week covers this.",
        "Every company's board meeting next quarter asks this."]


@pytest.mark.parametrize("said", OURS)
def test_an_event_of_ours_dated_ahead_goes_out(said):
    draft = first(said)
    assert draft.verdict == WRITTEN and draft.generated_by == "openai:adversary", draft.reasons


@pytest.mark.parametrize("said", OURS)
def test_the_check_finds_no_event_of_theirs(said):
    assert dated_event_reasons(said.lower(), "dana is vp sales at initech.") == []


@pytest.mark.parametrize("claim", ["Initech's kickoff next month is a good moment.",
                                   "The board's review next week will ask for pipeline.",
                                   "Your team's planning cycle starts next month."])
def test_an_event_of_theirs_dated_ahead_still_holds(claim):
    assert dated_event_reasons(claim.lower(), "dana is vp sales at initech.")
