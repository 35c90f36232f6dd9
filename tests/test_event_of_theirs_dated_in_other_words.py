"""Research never finds when the prospect's board meets or their year ends: a draft that dates an event of
theirs ahead with a verb to come, a contraction or another verb of when it happens ("Your board will meet
next month", "Your board meeting's next month", "Your board convenes next month", "Your fiscal year wraps
up next month") falls back to the approved template, as "Your board meets next month" does. Such an
event said in a condition goes out."""

from __future__ import annotations

import pytest

from sdr_assets.domain.drafting import WRITTEN
from tests.model_drafts import first


@pytest.mark.parametrize("claim", ["Your board will meet next month.", "Your board meeting's next month.",
                                   "Your board convenes next month.", "Your fiscal year wraps up next month.",
                                   "Your planning cycle will start in a few weeks."])
def test_an_event_of_theirs_dated_ahead_is_not_sent(claim):
    draft = first(claim)
    assert draft.generated_by != "openai:adversary", f"no research says: {claim}"
    assert any("date of an event of theirs" in r for r in draft.reasons), draft.reasons


@pytest.mark.parametrize("said", ["If your board will meet next month, this helps.",
                                  "In case your board convenes next month, this helps."])
def test_a_date_in_a_condition_goes_out(said):
    draft = first(said)
    assert draft.verdict == WRITTEN and draft.generated_by == "openai:adversary", draft.reasons
