"""Research gives the contact's title, never how long she has held it or how much she has done: a
model's draft that says so ("as a seasoned VP Sales", "after years as VP Sales", "as a first-time VP
Sales", "you've been VP Sales for a while", "with your decade in sales") falls back to the approved
template. Years said of no one of theirs, or in a question or condition, go out."""

from __future__ import annotations

from pathlib import Path

import pytest

from sdr_assets.domain.drafting import WRITTEN, Candidate, DraftRequest, settle
from sdr_assets.domain.facts import Fact, build_facts
from sdr_assets.domain.tenure_claims import tenure_reasons
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
    "After years as VP Sales, you know the drill.",
    "As a long-time VP Sales, you know the drill.",
    "As a first-time VP Sales, you know the drill.",
    "As a seasoned VP Sales, you know the drill.",
    "With your decade in sales, you know the drill.",
    "Having led sales for years, you know the drill.",
    "You've been VP Sales for a while now, so you know the drill.",
])
def test_how_long_she_has_held_a_post_is_not_sent(claim):
    draft = _settled(claim)
    assert draft.generated_by != "openai:adversary", f"no research says: {claim}"
    assert any("tenure" in r for r in draft.reasons), draft.reasons


@pytest.mark.parametrize("plain", [
    "As VP Sales, you know the drill.",
    "Outbound has worked this way for years.",
    "If you have run sales for years, you know the drill.",
])
def test_years_said_of_no_one_of_theirs_are_sent(plain):
    draft = _settled(plain)
    assert draft.verdict == WRITTEN and draft.generated_by == "openai:adversary", draft.reasons


def test_grounds_that_say_her_tenure_ground_it():
    assert tenure_reasons("As a seasoned VP Sales, you know it.", "As a seasoned sales leader, you have seen it.") == []
    assert tenure_reasons("As a seasoned VP Sales, you know it.", "Dana is VP Sales.")
