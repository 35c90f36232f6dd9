"""No fact tells whom we serve now any more than whom we served: a model's draft that says we work
with others it counts ("we work with a few Accel portfolio companies", "we already support several
Software teams") or that others it counts use a thing of ours ("several Accel portfolio companies use
our platform") claims customers, often ones shared with the prospect's investor, that research never
found; it falls back to the approved template. What we do for a kind of team goes out."""

from __future__ import annotations

from pathlib import Path

import pytest

from sdr_assets.domain.drafting import WRITTEN, Candidate, DraftRequest, settle
from sdr_assets.domain.facts import Fact, build_facts
from sdr_assets.domain.served_others import served_others_reasons
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
    "We work with a few Accel portfolio companies.",
    "We already work with several Software teams at your stage.",
    "We currently support a handful of Accel portfolio companies.",
    "Several Accel portfolio companies use our platform.",
    "Other sales leaders in Software rely on our approach.",
])
def test_customers_we_are_said_to_have_now_are_not_sent(claim):
    draft = _settled(claim)
    assert draft.generated_by != "openai:adversary", f"no research says: {claim}"
    assert any("others we served" in r for r in draft.reasons), draft.reasons


@pytest.mark.parametrize("plain", [
    "We work with Software teams that want a person to sign off.",
    "We work with sales teams on outbound.",
    "Your team would keep our approach for every play.",
])
def test_what_we_do_for_a_kind_of_team_is_sent(plain):
    draft = _settled(plain)
    assert draft.verdict == WRITTEN and draft.generated_by == "openai:adversary", draft.reasons


def test_the_grounds_saying_the_same_words_ground_them():
    said = "We work with a few Accel portfolio companies."
    assert served_others_reasons(said, "We work with a few Accel portfolio companies.") == []
