"""Research never finds when the prospect's quarter closes or their budgets are set: a draft that says so
with a time ahead ("Your quarter closes next week", "Your budgets get set next month", "Your board is going
to meet next month") falls back to the approved template, as "Your fiscal year ends next month" does. A
quarter or budgets of no one in particular, or in a condition ("Most teams' budgets get set next quarter",
"If your quarter closes next week, this helps"), go out."""

from __future__ import annotations

import pytest

from sdr_assets.domain.dated_events import dated_event_reasons
from sdr_assets.domain.drafting import WRITTEN
from tests.model_drafts import first

GROUNDS = "dana is vp sales at initech."


@pytest.mark.parametrize("claim", ["Your quarter closes next week.", "Your budgets get set next month.",
                                   "Your budget gets locked in two weeks.", "Your quarter ends in two weeks.",
                                   "Your board is going to meet next month.", "Your budgets are set next quarter.",
                                   "Their budgets get finalized next month."])
def test_a_quarter_or_budget_of_theirs_dated_ahead_is_not_sent(claim):
    draft = first(claim)
    assert draft.generated_by != "openai:adversary", f"no research says: {claim}"
    assert any("date of an event of theirs" in r for r in draft.reasons), draft.reasons


@pytest.mark.parametrize("said", ["Most teams' budgets get set next quarter, so timing matters.",
                                  "If your quarter closes next week, this helps.",
                                  "Every quarter closes faster with clean data."])
def test_one_of_no_one_or_in_a_condition_goes_out(said):
    assert dated_event_reasons(said.lower(), GROUNDS) == []
    draft = first(said)
    assert draft.verdict == WRITTEN and draft.generated_by == "openai:adversary", draft.reasons
