"""'Headlines' and 'I've read about' tell of press the round got only where it made them or was read
of: "It made headlines everywhere" and "I read about the round" fall back to the approved template,
but "Beyond the headlines, the board will ask about pipeline" and "I've read about how hard the first
board meeting after a raise can be" tell of no press of theirs, and a model's draft or suggested answer
that says so goes out."""

from __future__ import annotations

from pathlib import Path

import pytest

from sdr_assets.domain.drafting import WRITTEN, Candidate, DraftRequest, settle
from sdr_assets.domain.facts import Fact, build_facts, grounds_lines
from sdr_assets.domain.suggestions import offline_suggestion, suggestion_reasons
from sdr_assets.domain.verifier import Bounds
from sdr_assets.playbook import load_plays

PLAY = load_plays(Path(__file__).resolve().parents[1] / "data" / "plays",
                  writer={"model": "offline-template"}).plays["series-b-funding"]
CONGRATS = next(v for v in PLAY.variants if v["id"] == "congrats")
SIGNAL = {"signal_id": "s1", "signal_type": "funding", "source": "feed", "detail": "",
          "attributes": {"round": "Series B", "amount_usd": 25_000_000, "lead_investor": "Accel"}}
MIDDLE = ("Congratulations on Initech's $25M Series B. The next board meeting will ask how that turns into "
          "pipeline; we help Software teams answer with outbound that a person signs off before it goes out.")
NO_PRESS = ["Beyond the headlines, the board will ask about pipeline.",
            "Once the headlines fade, the board asks about pipeline.",
            "I've read about how hard the first board meeting after a raise can be.",
            "I read about teams rebuilding outbound after a round, and it rarely goes smoothly."]


def _facts():
    facts, _ = build_facts(SIGNAL, {"name": "Initech", "industry": "Software", "employees": 240, "country": "US"},
                           {"first_name": "Dana", "last_name": "Park", "title": "VP Sales"}, "local", 3)
    return (*facts, Fact("play.sender_name", "sender_name", "Jordan Lee", "name", "play file"))


def _first(extra: str):
    request = DraftRequest(PLAY.name, "congrats", CONGRATS["subject"], CONGRATS["body"], _facts(), bounds=Bounds())
    body = f"Hi Dana,\n\n{MIDDLE} {extra}\n\nOpen to a short call next week?\n\nJordan Lee\n"
    return settle(request, Candidate("Congrats on the Series B, Dana", body, (), "openai:adversary"))


@pytest.mark.parametrize("said", NO_PRESS)
def test_no_press_of_theirs_goes_out(said):
    draft = _first(said)
    assert draft.verdict == WRITTEN and draft.generated_by == "openai:adversary", draft.reasons


@pytest.mark.parametrize("said", NO_PRESS)
def test_a_suggested_answer_saying_it_is_offered(said):
    reply = "Interesting. What do boards usually ask after a raise?"
    fallback = offline_suggestion("question", None, "Dana", None, "", reply)
    grounds = "\n".join([f"They wrote (2026-12-07T10:00): {reply}", fallback, "Dana", *grounds_lines(list(_facts()))])
    assert suggestion_reasons(f"Thanks Dana, good question. {said}", grounds, "", "lexicon", reply) == []


@pytest.mark.parametrize("claim", ["It made headlines everywhere.", "The round hit the headlines.",
                                   "I read about the round in TechCrunch.", "I've read about your Series B."])
def test_press_of_theirs_is_not_sent(claim):
    draft = _first(claim)
    assert draft.generated_by != "openai:adversary", f"no research says: {claim}"
    assert any("press claim" in r for r in draft.reasons), draft.reasons
