"""Where the facts name a person whose first name is also a word ("Will Turner"), a draft that promises her
questions will be answered ("Every question will be answered by a person", "Your questions will be
answered within a day") names no one who answered us and goes out; "Will already replied" still falls back
to the approved template."""

from __future__ import annotations

import pytest

from sdr_assets.domain.drafting import WRITTEN
from tests.model_drafts import SIGNAL, by_model, congrats_email, facts, request

WITH_WILL = {**SIGNAL, "attributes": {**SIGNAL["attributes"], "person": "Will Turner"}}


def _draft(said: str):
    return by_model(request(facts(WITH_WILL)), "Congrats on the Series B, Dana", congrats_email(said))


@pytest.mark.parametrize("said", ["Every question will be answered by a person.",
                                  "Your questions will be answered within a day.",
                                  "Each reply will be responded to by a person."])
def test_an_answer_to_come_goes_out(said):
    draft = _draft(said)
    assert draft.verdict == WRITTEN and draft.generated_by == "openai:adversary", draft.reasons


@pytest.mark.parametrize("claim", ["Will already replied.", "Will Turner got back to me."])
def test_a_reply_of_the_named_person_is_not_sent(claim):
    draft = _draft(claim)
    assert draft.generated_by != "openai:adversary", f"no research says: {claim}"
