"""Research gives a round from a feed of signals, never the press it got: a model's draft that says the
news carried it ("It made headlines everywhere", "I read about it in the news", "The round got a lot of
coverage") falls back to the approved template. News and coverage in another sense (good news, account
or territory coverage) go out."""

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


def _settled(extra: str, body: str = CONGRATS["body"]):
    facts, _ = build_facts(SIGNAL, {"name": "Initech", "industry": "Software", "employees": 240, "country": "US"},
                           {"first_name": "Dana", "last_name": "Park", "title": "VP Sales"}, "local", 3)
    sender = Fact("play.sender_name", "sender_name", "Jordan Lee", "name", "play file")
    request = DraftRequest(PLAY.name, "congrats", CONGRATS["subject"], body, (*facts, sender), bounds=Bounds())
    text = f"Hi Dana,\n\n{MIDDLE} {extra}\n\nOpen to a short call next week?\n\nJordan Lee\n"
    return settle(request, Candidate("Congrats on the Series B, Dana", text, (), "openai:adversary"))


@pytest.mark.parametrize("claim", [
    "It made headlines everywhere.",
    "I read about it in the news.",
    "The round got a lot of coverage.",
    "The round made the news.",
    "I read about the round last night.",
    "The round got plenty of press coverage.",
])
def test_press_the_round_is_said_to_have_got_is_not_sent(claim):
    draft = _settled(claim)
    assert draft.generated_by != "openai:adversary", f"no research says: {claim}"
    assert any("press claim" in r for r in draft.reasons), draft.reasons


@pytest.mark.parametrize("plain", [
    "Good news is rarely the end of the work.",
    "We keep account coverage in view for every rep.",
    "Territory coverage is the first thing boards ask about.",
    "Happy to share more to read about how it works.",
])
def test_news_and_coverage_in_another_sense_are_sent(plain):
    draft = _settled(plain)
    assert draft.verdict == WRITTEN and draft.generated_by == "openai:adversary", draft.reasons


def test_a_template_that_mentions_the_coverage_grounds_it():
    body = CONGRATS["body"].replace("Open to a short call", "The round got a lot of coverage. Open to a short call")
    draft = _settled("The round got a lot of coverage.", body)
    assert draft.verdict == WRITTEN and draft.generated_by == "openai:adversary", draft.reasons
