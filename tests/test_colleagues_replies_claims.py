"""No research tells that we wrote to the prospect's colleagues, still less that they answered: a model's
draft that says so ("A few of your colleagues already replied", "Your team wrote back last week") falls
back to the approved template. A condition, a time to come or what her colleagues need not do goes
out."""

from __future__ import annotations

from pathlib import Path

import pytest

from sdr_assets.domain.drafting import WRITTEN, Candidate, DraftRequest, settle
from sdr_assets.domain.engagement_claims import engagement_reasons
from sdr_assets.domain.facts import Fact, build_facts
from sdr_assets.domain.verifier import Bounds
from sdr_assets.playbook import load_plays

PLAY = load_plays(Path(__file__).resolve().parents[1] / "data" / "plays",
                  writer={"model": "offline-template"}).plays["series-b-funding"]
CONGRATS = next(v for v in PLAY.variants if v["id"] == "congrats")
SIGNAL = {"signal_id": "s1", "signal_type": "funding", "source": "feed", "detail": "",
          "attributes": {"round": "Series B", "amount_usd": 25_000_000, "lead_investor": "Accel"}}
MIDDLE = ("Congratulations on Initech's $25M Series B. The next board meeting will ask how that turns into "
          "pipeline; we help Software teams answer with outbound that a person signs off before it goes out.")


def _settled(extra: str):
    facts, _ = build_facts(SIGNAL, {"name": "Initech", "industry": "Software", "employees": 240, "country": "US"},
                           {"first_name": "Dana", "last_name": "Park", "title": "VP Sales"}, "local", 3)
    sender = Fact("play.sender_name", "sender_name", "Jordan Lee", "name", "play file")
    request = DraftRequest(PLAY.name, "congrats", CONGRATS["subject"], CONGRATS["body"], (*facts, sender),
                           bounds=Bounds())
    body = f"Hi Dana,\n\n{MIDDLE} {extra}\n\nOpen to a short call next week?\n\nJordan Lee\n"
    return settle(request, Candidate("Congrats on the Series B, Dana", body, (), "openai:adversary"))


@pytest.mark.parametrize("claim", [
    "A few of your colleagues already replied.",
    "Some of your colleagues at Initech have responded.",
    "Your teammates already got back to me.",
])
def test_colleagues_said_to_have_answered_us_are_not_sent(claim):
    draft = _settled(claim)
    assert draft.generated_by != "openai:adversary", f"no research says: {claim}"
    assert any("earlier contact claim" in r for r in draft.reasons), draft.reasons


@pytest.mark.parametrize("plain", [
    "If your colleagues replied, ignore this.",
    "Once your team has replied, the drafts move on.",
    "Your colleagues never need to reply to anything.",
    "Your reps get replies, not drafts.",
])
def test_no_answer_of_theirs_said_is_sent(plain):
    draft = _settled(plain)
    assert draft.verdict == WRITTEN and draft.generated_by == "openai:adversary", draft.reasons


def test_grounds_that_say_they_replied_ground_it():
    said = "A few of your colleagues already replied."
    assert engagement_reasons(said, "A few of your colleagues already replied.") == []
    assert engagement_reasons(said, "Dana is VP Sales.")
