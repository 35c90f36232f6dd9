"""'Interim', 'acting', 'temporary', 'fractional' and 'outgoing' call a post of hers held for a time only
where a post follows ("as interim VP Sales", "you're the acting head of sales"); said of a thing of hers
("Your outgoing email stays in your own mailbox", "Your temporary setup can stay as it is") they call no
post, and a model's draft or suggested answer that says so goes out."""

from __future__ import annotations

from pathlib import Path

import pytest

from sdr_assets.domain.drafting import WRITTEN, Candidate, DraftRequest, settle
from sdr_assets.domain.facts import Fact, build_facts, grounds_lines
from sdr_assets.domain.suggestions import offline_suggestion, suggestion_reasons
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
THINGS = ["Your outgoing email stays in your own mailbox.", "Your temporary setup can stay as it is.",
          "Your outgoing mail goes out from your own domain."]


def _facts():
    facts, _ = build_facts(SIGNAL, {"name": "Initech", "industry": "Software", "employees": 240, "country": "US"},
                           {"first_name": "Dana", "last_name": "Park", "title": "VP Sales"}, "local", 3)
    return (*facts, Fact("play.sender_name", "sender_name", "Jordan Lee", "name", "play file"))


def _first(extra: str):
    request = DraftRequest(PLAY.name, "congrats", CONGRATS["subject"], CONGRATS["body"], _facts(), bounds=Bounds())
    body = f"Hi Dana,\n\n{MIDDLE} {extra}\n\nOpen to a short call next week?\n\nJordan Lee\n"
    return settle(request, Candidate("Congrats on the Series B, Dana", body, (), "openai:adversary"))


@pytest.mark.parametrize("said", THINGS)
def test_a_thing_of_hers_called_outgoing_or_temporary_goes_out(said):
    draft = _first(said)
    assert draft.verdict == WRITTEN and draft.generated_by == "openai:adversary", draft.reasons


@pytest.mark.parametrize("said", THINGS)
def test_a_suggested_answer_saying_it_is_offered(said):
    reply = "Interesting. Does the mail go out from our domain?"
    fallback = offline_suggestion("question", None, "Dana", None, "", reply)
    grounds = "\n".join([f"They wrote (2026-12-07T10:00): {reply}", fallback, "Dana", *grounds_lines(list(_facts()))])
    assert suggestion_reasons(f"Thanks Dana, yes. {said}", grounds, "", "lexicon", reply) == []


@pytest.mark.parametrize("claim", ["As interim VP Sales, you will own that answer.",
                                   "You're the acting head of sales, so the call is yours.",
                                   "As the outgoing CRO, you will hand this over."])
def test_a_post_of_hers_called_interim_is_not_sent(claim):
    draft = _first(claim)
    assert draft.generated_by != "openai:adversary", f"no research says: {claim}"
    assert tenure_reasons(claim, "VP Sales at Initech")
