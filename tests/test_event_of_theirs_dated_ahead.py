"""Research never finds when the prospect's board meets or their year ends: a model's draft that dates an
event of theirs ahead ("Your board meets next month", "Ahead of your board meeting next week", "Your
fiscal year ends next month") falls back to the approved template. An event named with no date ("Before
your next board meeting"), a time the sender offers, or a date in a question or a condition goes out."""

from __future__ import annotations

import pytest

from sdr_assets.domain.dated_events import dated_event_reasons
from sdr_assets.domain.drafting import WRITTEN
from tests.model_drafts import answer_reasons, first


@pytest.mark.parametrize("claim", ["Your board meets next month.", "Your fiscal year ends next month.",
                                   "With your board meeting next month, timing matters.",
                                   "Ahead of your board meeting next week, here is a thought.",
                                   "Initech's planning cycle starts at the end of the month."])
def test_an_event_of_theirs_dated_ahead_is_not_sent(claim):
    draft = first(claim)
    assert draft.generated_by != "openai:adversary", f"no research says: {claim}"
    assert any("date of an event of theirs" in r for r in draft.reasons), draft.reasons


UNDATED = ["Before your next board meeting, it helps to have a plan.", "Happy to talk next week.",
           "If your board meets next month, this helps.", "Your first board meeting after a raise comes fast."]


@pytest.mark.parametrize("said", UNDATED)
def test_no_date_of_theirs_goes_out(said):
    draft = first(said)
    assert draft.verdict == WRITTEN and draft.generated_by == "openai:adversary", draft.reasons


@pytest.mark.parametrize("said", [s for s in UNDATED if "next" not in s.replace("your next", "")])
def test_a_suggested_answer_saying_it_is_offered(said):
    reply = "Interesting. What do boards usually ask after a raise?"
    assert answer_reasons(f"Thanks Dana, good question. {said}", reply) == []


def test_a_date_her_reply_gives_grounds_it():
    reply = "Our board meets next month, so send me something short."
    assert answer_reasons("Thanks Dana. Before your board meets next month, here is the short version.", reply) == []
    assert dated_event_reasons("your board meets next month", "Dana is VP Sales.")
