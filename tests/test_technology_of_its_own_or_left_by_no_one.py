"""A technology's own upgrades ("Salesforce upgrades don't break the tables", "HubSpot's upgrades change
nothing for the tables") and a move no one makes ("No one has to leave Salesforce behind", "Nobody is
replacing Salesforce") say no move of the prospect's: a model's draft or suggested answer that says so
goes out. Their own upgrade, renewal or move ("since you just renewed Salesforce", "your reps are
leaving Salesforce behind") still falls back to the approved template."""

from __future__ import annotations

from pathlib import Path

import pytest

from sdr_assets.domain.drafting import WRITTEN, Candidate, DraftRequest, settle
from sdr_assets.domain.facts import Fact, build_facts, grounds_lines
from sdr_assets.domain.suggestions import offline_suggestion, suggestion_reasons
from sdr_assets.domain.verifier import Bounds
from sdr_assets.playbook import load_plays

PLAY = load_plays(Path(__file__).resolve().parents[1] / "data" / "plays",
                  writer={"model": "offline-template"}).plays["data-stack-adopters"]
SIGNAL = {"signal_id": "s1", "signal_type": "tech_adoption", "source": "feed", "detail": "",
          "attributes": {"technology": "Snowflake"}}
COMPANY = {"name": "Initech", "industry": "Software", "employees": 240, "country": "US",
           "tech_stack": "Salesforce, Redshift, HubSpot"}
MIDDLE = ("I noticed your team is adopting Snowflake. We supply clean account data as tables your team already "
          "knows how to use.")
NO_MOVE = ["Salesforce upgrades don't break the tables.", "HubSpot's upgrades change nothing for the tables.",
           "No one has to leave Salesforce behind.", "Nobody is replacing Salesforce."]


def _facts():
    facts, _ = build_facts(SIGNAL, COMPANY, {"first_name": "Dana", "last_name": "Park", "title": "VP Data"}, "local", 3)
    return (*facts, Fact("play.sender_name", "sender_name", "Alex Moreno", "name", "play file"))


def _settled(extra: str):
    variant = PLAY.variants[0]
    request = DraftRequest(PLAY.name, variant["id"], variant["subject"], variant["body"], _facts(), bounds=Bounds())
    body = f"Hi Dana,\n\n{MIDDLE} {extra}\n\nWould a sample for Initech be useful?\n\nAlex Moreno\n"
    return settle(request, Candidate("Initech and clean account data", body, (), "openai:adversary"))


@pytest.mark.parametrize("said", NO_MOVE)
def test_no_move_of_theirs_goes_out(said):
    draft = _settled(said)
    assert draft.verdict == WRITTEN and draft.generated_by == "openai:adversary", draft.reasons


@pytest.mark.parametrize("said", NO_MOVE)
def test_a_suggested_answer_saying_it_is_offered(said):
    reply = "Interesting. What happens to the tables when our stack changes?"
    fallback = offline_suggestion("question", None, "Dana", None, "", reply)
    grounds = "\n".join([f"They wrote (2026-12-07T10:00): {reply}", fallback, "Dana", *grounds_lines(list(_facts()))])
    assert suggestion_reasons(f"Thanks Dana, good question. {said}", grounds, "", "lexicon", reply) == []


@pytest.mark.parametrize("claim", ["Since you just renewed Salesforce, the timing is good.",
                                   "Your reps are leaving Salesforce behind.",
                                   "Since your team upgrades Salesforce this year, the timing is good."])
def test_a_move_of_theirs_is_not_sent(claim):
    draft = _settled(claim)
    assert draft.generated_by != "openai:adversary", f"no research says: {claim}"
