"""An offer to show how others did a thing ("Happy to share how Accel's other portfolio companies do it",
"how other Series B companies did it") tells of customers we served, often ones shared with the
prospect's investor, that no research found: a model's draft that offers it falls back to the approved
template. The template's own offer ("I can share how other Software teams approached it") grounds those
others, and an offer of how a thing works goes out; an offer after a condition of her interest ("if you
want, I can show how ...") still tells of those others."""

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
SENDER = Fact("play.sender_name", "sender_name", "Jordan Lee", "name", "play file")
MIDDLE = ("Congratulations on Initech's $25M Series B. The next board meeting will ask how that turns into "
          "pipeline; we help Software teams answer with outbound that a person signs off before it goes out.")


def _facts():
    facts, _ = build_facts(SIGNAL, {"name": "Initech", "industry": "Software", "employees": 240, "country": "US"},
                           {"first_name": "Dana", "last_name": "Park", "title": "VP Sales"}, "local", 3)
    return (*facts, SENDER)


def _first(extra: str):
    request = DraftRequest(PLAY.name, "congrats", CONGRATS["subject"], CONGRATS["body"], _facts(), bounds=Bounds())
    body = f"Hi Dana,\n\n{MIDDLE} {extra}\n\nOpen to a short call next week?\n\nJordan Lee\n"
    return settle(request, Candidate("Congrats on the Series B, Dana", body, (), "openai:adversary"))


def _follow_up(offer: str):
    step = PLAY.sequence[1]
    request = DraftRequest(PLAY.name, "congrats", step["subject"], step["body"], _facts(), step=2, bounds=Bounds())
    body = (f"Hi Dana, one more note and then I will leave you to it: if pipeline for the next two quarters is on "
            f"your list, {offer}\n\nJordan Lee\n")
    return settle(request, Candidate("Re: Initech after the Series B", body, (), "openai:adversary"))


@pytest.mark.parametrize("claim", [
    "Happy to share how Accel's other portfolio companies do it.",
    "Happy to share how other Series B companies did it.",
    "Here's how other founders did it.",
    "If you want, I can show how other Series B teams set it up.",
])
def test_an_offer_to_show_how_others_did_it_is_not_sent(claim):
    draft = _first(claim)
    assert draft.generated_by != "openai:adversary", f"no research says: {claim}"
    assert any("others we served" in r for r in draft.reasons), draft.reasons


@pytest.mark.parametrize("plain", [
    "Happy to share how it works.",
    "Happy to share how Software teams set it up.",
    "Happy to share how the approval works for other plays.",
])
def test_an_offer_naming_no_others_we_served_is_sent(plain):
    draft = _first(plain)
    assert draft.verdict == WRITTEN and draft.generated_by == "openai:adversary", draft.reasons


def test_the_templates_own_offer_grounds_its_others():
    draft = _follow_up("I can share how other Software teams approached it.")
    assert draft.verdict == WRITTEN and draft.generated_by == "openai:adversary", draft.reasons
    draft = _follow_up("I can share how other Series B companies approached it.")
    assert draft.generated_by != "openai:adversary", draft.reasons


def test_grounds_that_name_the_others_ground_them():
    said = "Happy to share how other Series B companies did it."
    assert served_others_reasons(said, "We can share how other Series B companies did it.") == []
    assert served_others_reasons(said, "We help Software teams.")
