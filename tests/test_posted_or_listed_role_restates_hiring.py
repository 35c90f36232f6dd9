"""A hiring draft that says the prospect posted or listed the role research found ("I saw Initech posted a
Revenue Operations Manager role", "I saw Initech just listed a Revenue Operations Manager role") says
what "opened" says, and goes out in a first email and a follow-up. What else they posted or listed ("Initech
posted about its pipeline", "Initech just listed on Nasdaq") still falls back to the approved template."""

from __future__ import annotations

from pathlib import Path

import pytest

from sdr_assets.domain.drafting import WRITTEN, Candidate, DraftRequest, settle
from sdr_assets.domain.facts import Fact, build_facts
from sdr_assets.domain.verifier import Bounds
from sdr_assets.playbook import load_plays

PLAY = load_plays(Path(__file__).resolve().parents[1] / "data" / "plays",
                  writer={"model": "offline-template"}).plays["revops-hiring"]
ROLE_FIRST = next(v for v in PLAY.variants if v["id"] == "role-first")
SIGNAL = {"signal_id": "s1", "signal_type": "hiring", "source": "feed", "detail": "",
          "attributes": {"role": "Revenue Operations Manager", "keywords": "revenue operations"}}
SAID = ["I saw Initech posted a Revenue Operations Manager role.",
        "I saw Initech just listed a Revenue Operations Manager role."]


def _facts():
    facts, _ = build_facts(SIGNAL, {"name": "Initech", "industry": "Software", "employees": 240, "country": "US"},
                           {"first_name": "Dana", "last_name": "Park", "title": "VP Sales"}, "local", 3)
    return (*facts, Fact("play.sender_name", "sender_name", "Sam Carter", "name", "play file"))


def _first(opening: str):
    request = DraftRequest(PLAY.name, "role-first", ROLE_FIRST["subject"], ROLE_FIRST["body"], _facts(),
                           bounds=Bounds())
    body = (f"Hi Dana,\n\n{opening} We help that person start with a clean pipeline instead. Worth a 20-minute "
            f"look before they join?\n\nSam Carter\n")
    return settle(request, Candidate("Revenue Operations Manager at Initech", body, (), "openai:adversary"))


def _follow_up(opening: str):
    step = PLAY.sequence[2]
    request = DraftRequest(PLAY.name, "role-first", step["subject"], step["body"], _facts(), step=3, bounds=Bounds())
    body = f"Hi Dana, following up once. {opening} If the timing is wrong, just say so.\n\nSam Carter\n"
    return settle(request, Candidate("Re: Revenue Operations Manager at Initech", body, (), "openai:adversary"))


@pytest.mark.parametrize("said", SAID)
def test_a_role_posted_or_listed_goes_out(said):
    for draft in (_first(said), _follow_up(said)):
        assert draft.verdict == WRITTEN and draft.generated_by == "openai:adversary", draft.reasons


@pytest.mark.parametrize("claim", ["I saw Initech posted about its pipeline on LinkedIn.",
                                   "I saw Initech just listed on Nasdaq."])
def test_what_else_they_posted_or_listed_is_not_sent(claim):
    draft = _first(claim)
    assert draft.generated_by != "openai:adversary", f"no research says: {claim}"
