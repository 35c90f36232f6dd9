"""'We set this up for revenue teams' says how we work: "set", "run" and "put" read as now as well as
before, and of a kind of team no one is counted. A model's draft or suggested answer that says so ("Happy
to share how we set this up for revenue teams", "We run outbound for Software teams") goes out; said with
the others counted ("we set this up for a few Series B teams") or in a form that is past only ("we ran",
"we've set up"), it still falls back to the approved template."""

from __future__ import annotations

from pathlib import Path

import pytest

from sdr_assets.domain.drafting import WRITTEN, Candidate, DraftRequest, settle
from sdr_assets.domain.facts import Fact, build_facts, grounds_lines
from sdr_assets.domain.served_others import served_others_reasons
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
NOW = ["Happy to share how we set this up for revenue teams.", "We run outbound for Software teams."]


def _facts():
    facts, _ = build_facts(SIGNAL, {"name": "Initech", "industry": "Software", "employees": 240, "country": "US"},
                           {"first_name": "Dana", "last_name": "Park", "title": "VP Sales"}, "local", 3)
    return (*facts, Fact("play.sender_name", "sender_name", "Jordan Lee", "name", "play file"))


def _first(extra: str):
    request = DraftRequest(PLAY.name, "congrats", CONGRATS["subject"], CONGRATS["body"], _facts(), bounds=Bounds())
    body = f"Hi Dana,\n\n{MIDDLE} {extra}\n\nOpen to a short call next week?\n\nJordan Lee\n"
    return settle(request, Candidate("Congrats on the Series B, Dana", body, (), "openai:adversary"))


@pytest.mark.parametrize("said", NOW)
def test_how_we_work_for_a_kind_of_team_goes_out(said):
    draft = _first(said)
    assert draft.verdict == WRITTEN and draft.generated_by == "openai:adversary", draft.reasons


@pytest.mark.parametrize("said", NOW)
def test_a_suggested_answer_saying_it_is_offered(said):
    reply = "Interesting. How does the approval work?"
    fallback = offline_suggestion("question", None, "Dana", None, "", reply)
    grounds = "\n".join([f"They wrote (2026-12-07T10:00): {reply}", fallback, "Dana", *grounds_lines(list(_facts()))])
    assert suggestion_reasons(f"Thanks Dana, a person approves each play once. {said}", grounds, "", "lexicon",
                              reply) == []


@pytest.mark.parametrize("claim", [
    "We set this up for a few Series B teams last quarter.",
    "We ran outbound for Software teams last year.",
    "We've set this up for revenue teams at Accel companies.",
    "We set this up for other Software teams.",
])
def test_others_counted_or_a_deed_past_only_are_not_sent(claim):
    draft = _first(claim)
    assert draft.generated_by != "openai:adversary", f"no research says: {claim}"
    assert served_others_reasons(claim, "We help Software teams.")
