"""An event the sender's side or no one in particular holds, dated ahead ("My team's offsite next week
means replies are slow", "Our team's kickoff next month is where we set this up", "Every company's board
meeting next quarter asks this"), is no event of the prospect's: the draft saying it goes
out, as one that offers a time for something of theirs we do ("I can send your audit next week", "Happy to
run your review next week"). The prospect's own, by "your" or by her company's name ("Initech's kickoff next
month"), or beside a verb of ours that takes its time ("Happy to join your kickoff next week"), still falls
back to the approved template."""

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


OFFERED = ["I can send your audit next week.", "Happy to run your review next week.",
           "We could schedule your kickoff next week.", "I'd like to book your review next week.",
           "I can hold your kickoff on Monday."]


@pytest.mark.parametrize("said", OFFERED)
def test_a_time_we_offer_for_something_of_theirs_goes_out(said):
    draft = first(said)
    assert not [r for r in draft.reasons if "event of theirs" in r], draft.reasons


@pytest.mark.parametrize("claim", ["Happy to join your kickoff next week.",
                                   "I can help with your board meeting next month.",
                                   "I know your board meets next month.",
                                   "We can schedule it before your review next week."])
def test_a_time_of_theirs_beside_a_verb_of_ours_still_holds(claim):
    assert dated_event_reasons(claim.lower(), "dana is vp sales at initech.")
