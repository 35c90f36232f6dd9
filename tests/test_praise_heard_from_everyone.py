"""Research never hears the prospect praised: a model's draft that says everyone the sender talks to
speaks well of them ("Everyone I talk to says great things about Initech", "Everyone I speak with raves
about Initech", "People we meet say great things about Initech") falls back to the approved template.
Praise of our own work, or advice from people we ask, goes out."""

from __future__ import annotations

import pytest

from sdr_assets.domain.drafting import WRITTEN
from tests.model_drafts import answer_reasons, first


@pytest.mark.parametrize("claim", ["Everyone I talk to says great things about Initech.",
                                   "Everyone I speak with raves about Initech.",
                                   "People we meet say great things about Initech.",
                                   "Everyone I know speaks highly of your team."])
def test_praise_of_them_heard_is_not_sent(claim):
    draft = first(claim)
    assert draft.generated_by != "openai:adversary", f"no research says: {claim}"
    assert any("familiarity" in r for r in draft.reasons), draft.reasons


OURS = ["Everyone I talk to says great things about our drafts.",
        "People I ask about outbound recommend signing off every message."]


@pytest.mark.parametrize("said", OURS)
def test_praise_of_no_one_of_theirs_goes_out(said):
    draft = first(said)
    assert draft.verdict == WRITTEN and draft.generated_by == "openai:adversary", draft.reasons


@pytest.mark.parametrize("said", OURS)
def test_a_suggested_answer_saying_it_is_offered(said):
    reply = "Interesting. What do boards usually ask after a raise?"
    assert answer_reasons(f"Thanks Dana, good question. {said}", reply) == []
