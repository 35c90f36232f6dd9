"""Where the facts name a person whose first name is also a word ("Will Turner"), a draft that promises her
questions will be answered with a word between ("Every question will be personally answered", "Each
question will be promptly answered", "Every email will get replied to by a person") names no one who
answered us and goes out, as "Every question will be answered by a person" does. "Will already replied",
"Will has replied" and "Will's team got back to us" still fall back to the approved template."""

from __future__ import annotations

import pytest

from sdr_assets.domain.drafting import WRITTEN
from tests.test_answers_to_come_name_no_one import _draft


@pytest.mark.parametrize("said", ["Every question will be personally answered by a person.",
                                  "Each question will be promptly answered.",
                                  "Every email will get replied to by a person.",
                                  "Every introduction will be suggested by a person, never a machine."])
def test_an_answer_to_come_goes_out(said):
    draft = _draft(said)
    assert draft.verdict == WRITTEN and draft.generated_by == "openai:adversary", draft.reasons


@pytest.mark.parametrize("claim", ["Will already replied.", "Will has replied.", "Will's team got back to us.",
                                   "Will maybe answered my note already."])
def test_a_reply_of_the_named_person_is_not_sent(claim):
    draft = _draft(claim)
    assert draft.generated_by != "openai:adversary", f"no research says: {claim}"
