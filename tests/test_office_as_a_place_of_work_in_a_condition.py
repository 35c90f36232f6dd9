"""Where people work said in a condition ("Whether your team is remote or in the office, every draft
waits for a person") claims no office of the prospect's: a model's draft or suggested answer that says
so goes out. An office of theirs said outright ("I saw Initech opened a new office", "your team is back
in the office") still falls back to the approved template."""

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
PLACES = ["Whether your team is remote or in the office, every draft waits for a person.",
          "If your reps are in the office or at home, the approval works the same."]


def _facts():
    facts, _ = build_facts(SIGNAL, {"name": "Initech", "industry": "Software", "employees": 240, "country": "US"},
                           {"first_name": "Dana", "last_name": "Park", "title": "VP Sales"}, "local", 3)
    return (*facts, Fact("play.sender_name", "sender_name", "Jordan Lee", "name", "play file"))


def _first(extra: str):
    request = DraftRequest(PLAY.name, "congrats", CONGRATS["subject"], CONGRATS["body"], _facts(), bounds=Bounds())
    body = f"Hi Dana,\n\n{MIDDLE} {extra}\n\nOpen to a short call next week?\n\nJordan Lee\n"
    return settle(request, Candidate("Congrats on the Series B, Dana", body, (), "openai:adversary"))


@pytest.mark.parametrize("said", PLACES)
def test_a_place_of_work_in_a_condition_goes_out(said):
    draft = _first(said)
    assert draft.verdict == WRITTEN and draft.generated_by == "openai:adversary", draft.reasons


@pytest.mark.parametrize("said", PLACES)
def test_a_suggested_answer_saying_it_is_offered(said):
    reply = "Interesting. Does it work for a hybrid team?"
    fallback = offline_suggestion("question", None, "Dana", None, "", reply)
    grounds = "\n".join([f"They wrote (2026-12-07T10:00): {reply}", fallback, "Dana", *grounds_lines(list(_facts()))])
    assert suggestion_reasons(f"Thanks Dana, good question. {said}", grounds, "", "lexicon", reply) == []


@pytest.mark.parametrize("claim", ["I saw Initech opened a new office.", "Now that your team is back in the office, "
                                   "the timing is good.", "Whether or not you know it, Initech is opening an office."])
def test_an_office_of_theirs_is_not_sent(claim):
    draft = _first(claim)
    assert draft.generated_by != "openai:adversary", f"no research says: {claim}"
    assert any("office claim" in r for r in draft.reasons), draft.reasons
