"""'We set this up for revenue teams' says how we work: "set", "run" and "put" read as now as well as
before, and of a kind of team no one is counted. A model's draft or suggested answer that says so ("Happy
to share how we set this up for revenue teams", "We run outbound for Software teams") goes out; said with
the others counted ("we set this up for a few Series B teams") or in a form that is past only ("we ran",
"we've set up"), it still falls back to the approved template."""

from __future__ import annotations

import pytest

from sdr_assets.domain.drafting import WRITTEN
from sdr_assets.domain.served_others import served_others_reasons
from tests.model_drafts import answer_reasons, first

NOW = ["Happy to share how we set this up for revenue teams.", "We run outbound for Software teams."]


@pytest.mark.parametrize("said", NOW)
def test_how_we_work_for_a_kind_of_team_goes_out(said):
    draft = first(said)
    assert draft.verdict == WRITTEN and draft.generated_by == "openai:adversary", draft.reasons


@pytest.mark.parametrize("said", NOW)
def test_a_suggested_answer_saying_it_is_offered(said):
    reply = "Interesting. How does the approval work?"
    assert answer_reasons(f"Thanks Dana, a person approves each play once. {said}", reply) == []


@pytest.mark.parametrize("claim", [
    "We set this up for a few Series B teams last quarter.",
    "We ran outbound for Software teams last year.",
    "We've set this up for revenue teams at Accel companies.",
    "We set this up for other Software teams.",
])
def test_others_counted_or_a_deed_past_only_are_not_sent(claim):
    draft = first(claim)
    assert draft.generated_by != "openai:adversary", f"no research says: {claim}"
    assert served_others_reasons(claim, "We help Software teams.")
