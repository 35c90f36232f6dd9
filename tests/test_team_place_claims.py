"""Research counts a prospect's employees and gives a country; it never says where their people work:
a model's draft that calls their team global or remote ("Your global team will feel it", "Your remote
team will feel it") falls back to the approved template, unless the grounds use the word (a "VP Global
Sales"). Our own team, teams in general and a condition go out."""

from __future__ import annotations

from pathlib import Path

import pytest

from sdr_assets.domain.drafting import WRITTEN, Candidate, DraftRequest, settle
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


def _settled(extra: str, title: str = "VP Sales"):
    facts, _ = build_facts(SIGNAL, {"name": "Initech", "industry": "Software", "employees": 240, "country": "US"},
                           {"first_name": "Dana", "last_name": "Park", "title": title}, "local", 3)
    sender = Fact("play.sender_name", "sender_name", "Jordan Lee", "name", "play file")
    request = DraftRequest(PLAY.name, "congrats", CONGRATS["subject"], CONGRATS["body"], (*facts, sender),
                           bounds=Bounds())
    body = f"Hi Dana,\n\n{MIDDLE} {extra}\n\nOpen to a short call next week?\n\nJordan Lee\n"
    return settle(request, Candidate("Congrats on the Series B, Dana", body, (), "openai:adversary"))


@pytest.mark.parametrize("claim", [
    "Your global team will feel it.",
    "Your remote team will feel it.",
    "Initech's distributed sales team will feel it.",
])
def test_where_their_people_work_is_not_sent(claim):
    draft = _settled(claim)
    assert draft.generated_by != "openai:adversary", f"no research says: {claim}"
    assert any("make-up of the prospect's people" in r for r in draft.reasons), draft.reasons


@pytest.mark.parametrize("plain", [
    "Your team will feel it.",
    "Our remote team drafts every email.",
    "If your team is remote, it still works.",
    "Remote teams often need this most.",
    "It works for a global team too.",
])
def test_no_place_of_their_people_said_is_sent(plain):
    draft = _settled(plain)
    assert draft.verdict == WRITTEN and draft.generated_by == "openai:adversary", draft.reasons


def test_a_title_that_says_global_grounds_it():
    draft = _settled("Your global team will feel it.", title="VP Global Sales")
    assert not any("make-up" in r for r in draft.reasons), draft.reasons
