"""Research finds a prospect's events, never how its numbers came out: a model's draft that says the
prospect hit, beat or missed a target ("your team just hit quota", "you beat your targets", "you
smashed your pipeline goals") falls back to the approved template, as "Acme missed its targets"
already does. A result the facts state ("you just raised a Series B") goes out."""

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


def _settled(extra: str):
    facts, _ = build_facts(SIGNAL, {"name": "Initech", "industry": "Software", "employees": 240, "country": "US"},
                           {"first_name": "Dana", "last_name": "Park", "title": "VP Sales"}, "local", 3)
    sender = Fact("play.sender_name", "sender_name", "Jordan Lee", "name", "play file")
    request = DraftRequest(PLAY.name, "congrats", CONGRATS["subject"], CONGRATS["body"], (*facts, sender),
                           bounds=Bounds())
    body = f"Hi Dana,\n\n{MIDDLE} {extra}\n\nOpen to a short call next week?\n\nJordan Lee\n"
    return settle(request, Candidate("Congrats on the Series B, Dana", body, (), "openai:adversary"))


@pytest.mark.parametrize("claim", [
    "Your team just hit quota.",
    "Your reps already beat plan.",
    "You beat your targets.",
    "You smashed your pipeline goals.",
    "You just missed your number.",
])
def test_a_result_said_of_the_prospect_is_not_sent(claim):
    draft = _settled(claim)
    assert draft.generated_by != "openai:adversary", f"no research says: {claim}"
    assert any("state of the prospect" in r for r in draft.reasons), draft.reasons


@pytest.mark.parametrize("plain", [
    "I know you just raised a Series B.",
    "In case you missed it, we help Software teams with outbound.",
    "If you hit your pipeline target early, the call can wait.",
])
def test_a_result_the_facts_give_or_no_result_at_all_is_sent(plain):
    draft = _settled(plain)
    assert draft.verdict == WRITTEN and draft.generated_by == "openai:adversary", draft.reasons
