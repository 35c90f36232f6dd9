"""A model's draft that promises the prospect a result as fact, with no date ("you'll book more
meetings", "your reply rates will go up", "it works every time", "zero risk") promises what no
research or approved template says: it falls back to the approved template, as a result promised by a
date already does. A sentence in the future tense that promises no result goes out."""

from __future__ import annotations

from pathlib import Path

import pytest

from sdr_assets.domain.drafting import WRITTEN, Candidate, DraftRequest, settle
from sdr_assets.domain.facts import Fact, build_facts
from sdr_assets.domain.verifier import Bounds, offer_reasons
from sdr_assets.playbook import load_plays

PLAY = load_plays(Path(__file__).resolve().parents[1] / "data" / "plays",
                  writer={"model": "offline-template"}).plays["series-b-funding"]
CONGRATS = next(v for v in PLAY.variants if v["id"] == "congrats")
SIGNAL = {"signal_id": "s1", "signal_type": "funding", "source": "feed", "detail": "",
          "attributes": {"round": "Series B", "amount_usd": 25_000_000, "lead_investor": "Accel"}}
MIDDLE = ("Congratulations on Initech's $25M Series B. The next board meeting will ask how that turns into "
          "pipeline; we help Software teams answer with outbound that a person signs off before it goes out.")


def _request(body: str = CONGRATS["body"]) -> DraftRequest:
    facts, _ = build_facts(SIGNAL, {"name": "Initech", "industry": "Software", "employees": 240, "country": "US"},
                           {"first_name": "Dana", "last_name": "Park", "title": "VP Sales"}, "local", 3)
    sender = Fact("play.sender_name", "sender_name", "Jordan Lee", "name", "play file")
    return DraftRequest(PLAY.name, "congrats", CONGRATS["subject"], body, (*facts, sender), bounds=Bounds())


def _settled(extra: str, body: str = CONGRATS["body"]):
    text = f"Hi Dana,\n\n{MIDDLE} {extra}\n\nOpen to a short call next week?\n\nJordan Lee\n"
    return settle(_request(body), Candidate("Congrats on the Series B, Dana", text, (), "openai:adversary"))


@pytest.mark.parametrize("promise", [
    "You'll book more meetings.",
    "Your reply rates will go up.",
    "Your team will close more deals.",
    "This will fill your pipeline.",
    "You will hit your pipeline target.",
    "We'll double your pipeline.",
    "It works every time.",
    "It never fails.",
    "There is zero risk for you.",
])
def test_a_result_promised_as_fact_is_not_sent(promise):
    draft = _settled(promise)
    assert draft.generated_by != "openai:adversary", f"promised as fact: {promise}"
    assert any("offer or promise" in r or "number not in the facts" in r for r in draft.reasons), draft.reasons


@pytest.mark.parametrize("plain", [
    "I will keep it short.",
    "You will get a short summary after the call.",
    "If it is not a fit, I will leave you to it.",
    "Happy to show you how it works.",
])
def test_the_future_tense_without_a_promised_result_is_sent(plain):
    draft = _settled(plain)
    assert draft.verdict == WRITTEN and draft.generated_by == "openai:adversary", draft.reasons


def test_a_promise_the_approved_template_makes_is_sent():
    body = CONGRATS["body"].replace("Open to a short call", "You'll book more meetings. Open to a short call")
    draft = _settled("You'll book more meetings.", body)
    assert draft.verdict == WRITTEN and draft.generated_by == "openai:adversary", draft.reasons


def test_a_suggested_answer_promising_a_result_is_refused():
    assert offer_reasons("Happy to walk you through it. Your reply rates will go up.", "Dana asked how it works.")
