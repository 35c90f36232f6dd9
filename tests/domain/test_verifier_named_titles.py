"""A title the facts give one person is never said of another: Maria Lopez joined Initech as Chief
Revenue Officer and the contact Dana Park is VP Sales, so a model's "Maria Lopez just joined Initech
as VP Sales" or "Dana Park stepped in as Chief Revenue Officer" falls back to the approved template,
while each title said of its own person goes out as written."""

from __future__ import annotations

from pathlib import Path

import pytest

from sdr_assets.domain.drafting import WRITTEN, Candidate, DraftRequest, settle
from sdr_assets.domain.facts import Fact, build_facts
from sdr_assets.domain.verifier import Bounds

SUBJECT = "A new {new_role} at {company_name}"
BODY = """Hi {first_name},

I saw {why_now} at {company_name}. New revenue leaders often review how outbound is run in their
first quarter; we help {industry} teams run outbound that a person signs off before it goes out.

Worth a short call?

{sender_name}
"""
OPENING = "I saw a new Chief Revenue Officer just joined at Initech."


@pytest.fixture(scope="module")
def request_() -> DraftRequest:
    signal = {"signal_id": "s1", "signal_type": "leadership_change", "source": "feed",
              "attributes": {"new_role": "Chief Revenue Officer", "person": "Maria Lopez"}}
    company = {"name": "Initech", "industry": "Software", "employees": 240, "country": "US"}
    contact = {"first_name": "Dana", "last_name": "Park", "title": "VP Sales"}
    facts, _ = build_facts(signal, company, contact, age_days=3)
    sender = Fact("play.sender_name", "sender_name", "Jordan Lee", "name", "play file")
    return DraftRequest("leadership", "a", SUBJECT, BODY, (*facts, sender), step=1, bounds=Bounds())


def _drafted(request_: DraftRequest, sentence: str):
    subject, approved = request_.rendered()
    assert OPENING in approved
    return settle(request_, Candidate(subject, approved.replace(OPENING, sentence), (), "openai:test"))


@pytest.mark.parametrize(("sentence", "reason"), [
    ("I saw Maria Lopez just joined Initech as VP Sales.",
     "says Maria Lopez is VP Sales; the facts give Maria Lopez Chief Revenue Officer"),
    ("I saw Initech hired Maria Lopez as its VP Sales.",
     "says Maria Lopez is VP Sales; the facts give Maria Lopez Chief Revenue Officer"),
    ("Maria Lopez, Initech's VP Sales, will review outbound soon.",
     "says Maria Lopez is VP Sales; the facts give Maria Lopez Chief Revenue Officer"),
    ("I saw Dana Park stepped in as Chief Revenue Officer at Initech.",
     "says Dana Park is Chief Revenue Officer; the facts give Dana Park VP Sales"),
    ("I saw Initech promoted Dana to Chief Revenue Officer.",
     "says Dana is Chief Revenue Officer; the facts give Dana VP Sales"),
])
def test_a_title_said_of_the_wrong_person_is_held(request_, sentence, reason):
    draft = _drafted(request_, sentence)
    assert draft.verdict != WRITTEN and reason in draft.reasons, draft.reasons


@pytest.mark.parametrize("sentence", [
    "I saw Maria Lopez just joined Initech as Chief Revenue Officer.",
    "I saw Initech hired Maria Lopez as its Chief Revenue Officer.",
    "I saw Initech's Chief Revenue Officer, Maria Lopez, just joined.",
    "I saw Maria Lopez is now Chief Revenue Officer at Initech.",
    "Dana, as VP Sales you will work closely with Maria Lopez, who just joined as Chief Revenue Officer.",
])
def test_a_title_said_of_its_own_person_goes_out(request_, sentence):
    draft = _drafted(request_, sentence)
    assert draft.verdict == WRITTEN and sentence in draft.body, draft.reasons
