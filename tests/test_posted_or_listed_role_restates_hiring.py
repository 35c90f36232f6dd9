"""A hiring draft that says the prospect posted or listed the role research found ("I saw Initech posted a
Revenue Operations Manager role", "I saw Initech just listed a Revenue Operations Manager role") says
what "opened" says, and goes out in a first email and a follow-up. What else they posted or listed ("Initech
posted about its pipeline", "Initech just listed on Nasdaq") still falls back to the approved template."""

from __future__ import annotations

import pytest

from sdr_assets.domain.drafting import WRITTEN
from tests.model_drafts import HIRING, by_model, facts, request

SAID = ["I saw Initech posted a Revenue Operations Manager role.",
        "I saw Initech just listed a Revenue Operations Manager role."]


def _first(opening: str):
    body = (f"Hi Dana,\n\n{opening} We help that person start with a clean pipeline instead. Worth a 20-minute "
            f"look before they join?\n\nSam Carter\n")
    return by_model(request(facts(HIRING, sender="Sam Carter"), "revops-hiring", "role-first"),
                    "Revenue Operations Manager at Initech", body)


def _follow_up(opening: str):
    body = f"Hi Dana, following up once. {opening} If the timing is wrong, just say so.\n\nSam Carter\n"
    return by_model(request(facts(HIRING, sender="Sam Carter"), "revops-hiring", "role-first", step=3),
                    "Re: Revenue Operations Manager at Initech", body)


@pytest.mark.parametrize("said", SAID)
def test_a_role_posted_or_listed_goes_out(said):
    for draft in (_first(said), _follow_up(said)):
        assert draft.verdict == WRITTEN and draft.generated_by == "openai:adversary", draft.reasons


@pytest.mark.parametrize("claim", ["I saw Initech posted about its pipeline on LinkedIn.",
                                   "I saw Initech just listed on Nasdaq."])
def test_what_else_they_posted_or_listed_is_not_sent(claim):
    draft = _first(claim)
    assert draft.generated_by != "openai:adversary", f"no research says: {claim}"
