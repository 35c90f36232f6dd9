"""Research gives the contact's title, never that she holds it for a time only: a model's draft that calls
her post interim or acting ("As interim VP Sales, you will own that answer", "As the acting VP Sales")
falls back to the approved template, unless the title the facts give says so. Her title alone, and
"acting" or "interim" said of nothing of hers, go out."""

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


def _settled(extra: str, title: str = "VP Sales"):
    facts, _ = build_facts(SIGNAL, {"name": "Initech", "industry": "Software", "employees": 240, "country": "US"},
                           {"first_name": "Dana", "last_name": "Park", "title": title}, "local", 3)
    sender = Fact("play.sender_name", "sender_name", "Jordan Lee", "name", "play file")
    request = DraftRequest(PLAY.name, "congrats", CONGRATS["subject"], CONGRATS["body"], (*facts, sender),
                           bounds=Bounds())
    body = f"Hi Dana,\n\n{MIDDLE} {extra}\n\nOpen to a short call next week?\n\nJordan Lee\n"
    return settle(request, Candidate("Congrats on the Series B, Dana", body, (), "openai:adversary"))


@pytest.mark.parametrize("claim", [
    "As interim VP Sales, you will own that answer.",
    "As the acting VP Sales, you will own that answer.",
])
def test_a_post_called_interim_is_not_sent(claim):
    draft = _settled(claim)
    assert draft.generated_by != "openai:adversary", f"no research says: {claim}"
    assert any("tenure" in r for r in draft.reasons), draft.reasons


@pytest.mark.parametrize("plain", [
    "As VP Sales, you will own that answer.",
    "Acting on it early pays off.",
    "An interim plan rarely holds.",
    "Outgoing mail is signed off by a person.",
])
def test_no_post_of_hers_called_interim_is_sent(plain):
    draft = _settled(plain)
    assert draft.verdict == WRITTEN and draft.generated_by == "openai:adversary", draft.reasons


def test_a_title_the_facts_give_as_interim_grounds_it():
    draft = _settled("As interim VP Sales, you will own that answer.", title="Interim VP Sales")
    assert not any("tenure" in r for r in draft.reasons), draft.reasons
