"""Research tells which technologies a company uses, never how its people feel about them: a model's
draft that says so ("Your team loves Salesforce", "Your reps hate Redshift") falls back to the approved
template. That they use it, how they may like our tables, a condition, our own taste and teams in
general go out."""

from __future__ import annotations

from pathlib import Path

import pytest

from sdr_assets.domain.adoption_stages import adoption_stage_reasons
from sdr_assets.domain.drafting import WRITTEN, Candidate, DraftRequest, settle
from sdr_assets.domain.facts import Fact, build_facts
from sdr_assets.domain.verifier import Bounds
from sdr_assets.playbook import load_plays

PLAY = load_plays(Path(__file__).resolve().parents[1] / "data" / "plays",
                  writer={"model": "offline-template"}).plays["data-stack-adopters"]
WAREHOUSE = PLAY.variants[0]
SIGNAL = {"signal_id": "s1", "signal_type": "tech_adoption", "source": "feed", "detail": "",
          "attributes": {"technology": "Snowflake"}}
COMPANY = {"name": "Initech", "industry": "Software", "employees": 240, "country": "US",
           "tech_stack": "Salesforce, Redshift"}
MIDDLE = ("I noticed your team is adopting Snowflake. We supply clean account data as tables your team already "
          "knows how to use.")


def _settled(extra: str):
    facts, _ = build_facts(SIGNAL, COMPANY, {"first_name": "Dana", "last_name": "Park", "title": "VP Data"}, "local", 3)
    sender = Fact("play.sender_name", "sender_name", "Alex Moreno", "name", "play file")
    request = DraftRequest(PLAY.name, "warehouse", WAREHOUSE["subject"], WAREHOUSE["body"], (*facts, sender),
                           bounds=Bounds())
    body = f"Hi Dana,\n\n{MIDDLE} {extra}\n\nWould a sample for Initech be useful?\n\nAlex Moreno\n"
    return settle(request, Candidate("Initech and clean account data", body, (), "openai:adversary"))


@pytest.mark.parametrize("claim", [
    "Your team loves Salesforce.",
    "Your reps hate Redshift.",
    "Your team is frustrated with Redshift.",
])
def test_how_they_feel_about_a_technology_is_not_sent(claim):
    draft = _settled(claim)
    assert draft.generated_by != "openai:adversary", f"no research says: {claim}"
    assert any("feeling about a technology" in r for r in draft.reasons), draft.reasons


@pytest.mark.parametrize("plain", [
    "Your team uses Salesforce.",
    "We love Salesforce too.",
    "If your team loves Salesforce, the tables fit.",
    "Teams love Salesforce for this.",
    "Your team will love the tables.",
])
def test_no_feeling_of_theirs_about_a_technology_is_sent(plain):
    draft = _settled(plain)
    assert draft.verdict == WRITTEN and draft.generated_by == "openai:adversary", draft.reasons


def test_grounds_that_say_the_feeling_ground_it():
    said = "Your team loves Salesforce."
    assert adoption_stage_reasons(said, "Your team loves Salesforce.", ("Salesforce",)) == []
    assert adoption_stage_reasons(said, "Initech uses Salesforce.", ("Salesforce",))
