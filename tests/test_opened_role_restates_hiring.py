"""A hiring play's draft that says the prospect opened the role research found ("I saw Initech opened a
Revenue Operations Manager role") restates the opening and goes out as the model wrote it; the verb
tells a hiring, not how their things stand. What else the sentence says of them is read as before,
and the same words where research found no opening fall back to the approved template."""

from __future__ import annotations

import pytest

from sdr_assets.domain.drafting import WRITTEN
from tests.model_drafts import PLAYS, SIGNAL as ROUND, by_model, facts, request

HIRING = {"signal_id": "s1", "signal_type": "hiring", "source": "feed", "detail": "",
          "attributes": {"role": "Revenue Operations Manager"}}
REST = ("Teams that add RevOps at around 240 people usually spend the new hire's first quarter untangling routing "
        "and reporting.")


def _settled(opening: str, play: str = "revops-hiring", signal: dict = HIRING):
    body = f"Hi Dana,\n\n{opening} {REST}\n\nWorth a 20-minute look before they join?\n\nSam Carter\n"
    return by_model(request(facts(signal, sender="Sam Carter"), play, PLAYS[play].variants[0]["id"]),
                    "A note for Dana at Initech", body)


@pytest.mark.parametrize("opening", [
    "I saw Initech opened a Revenue Operations Manager role.",
    "Initech just opened a Revenue Operations Manager position.",
    "I saw you opened a Revenue Operations Manager role.",
])
def test_the_opening_research_found_said_as_opened_is_sent(opening):
    draft = _settled(opening)
    assert draft.verdict == WRITTEN and draft.generated_by == "openai:adversary", draft.reasons


@pytest.mark.parametrize("opening", [
    "I saw Initech opened a Revenue Operations Manager role after a reorg.",
    "I saw Initech opened a new office in Austin.",
])
def test_what_else_the_sentence_says_is_still_judged(opening):
    draft = _settled(opening)
    assert draft.generated_by != "openai:adversary", f"no research says: {opening}"


def test_an_opening_research_never_found_is_not_sent():
    draft = _settled("I saw Initech opened a sales role.", "series-b-funding", ROUND)
    assert draft.generated_by != "openai:adversary"
    assert any("hiring claim" in r for r in draft.reasons), draft.reasons
