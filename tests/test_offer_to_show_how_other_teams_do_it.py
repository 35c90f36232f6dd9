"""An offer to show how other teams do a thing, naming them by nothing but "other" ("If you want, I can
show how other teams set it up", the follow-up's own "I can share how other Software teams approached
it" without the industry), names no one we served: it is the play's own offer, and a model's draft that
makes it goes out, in the first email, a follow-up and a suggested answer. Others it names ("other Series
B teams", "Accel's other portfolio companies", "other customers") or tells of without an offer ("Here's
how other founders did it") still fall back to the approved template."""

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


def _facts():
    facts, _ = build_facts(SIGNAL, {"name": "Initech", "industry": "Software", "employees": 240, "country": "US"},
                           {"first_name": "Dana", "last_name": "Park", "title": "VP Sales"}, "local", 3)
    return (*facts, Fact("play.sender_name", "sender_name", "Jordan Lee", "name", "play file"))


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


def _answer_reasons(answer: str):
    reply = "Interesting. How long does setup take?"
    fallback = offline_suggestion("question", None, "Dana", None, "", reply)
    grounds = "\n".join([f"They wrote (2026-12-07T10:00): {reply}", fallback, "Dana", *grounds_lines(list(_facts()))])
    return suggestion_reasons(answer, grounds, "", "lexicon", reply)


OFFERS = ["If you want, I can show how other teams set it up.", "Happy to share how other companies approached it.",
          "I'd be glad to walk you through how others set it up."]


@pytest.mark.parametrize("offer", OFFERS)
def test_an_offer_naming_others_by_other_alone_goes_out(offer):
    draft = _first(offer)
    assert draft.verdict == WRITTEN and draft.generated_by == "openai:adversary", draft.reasons


@pytest.mark.parametrize("offer", ["I can share how other teams approached it.", *OFFERS])
def test_the_follow_ups_offer_without_its_industry_goes_out(offer):
    draft = _follow_up(offer)
    assert draft.verdict == WRITTEN and draft.generated_by == "openai:adversary", draft.reasons


@pytest.mark.parametrize("offer", OFFERS)
def test_a_suggested_answer_with_the_offer_is_offered(offer):
    assert _answer_reasons(f"Thanks Dana, setup takes a short call. {offer}") == []


@pytest.mark.parametrize("claim", [
    "Here's how other founders did it.",
    "Happy to share how other customers set it up.",
    "If you want, I can show how other Series B teams set it up.",
    "Happy to share how Accel's other portfolio companies do it.",
])
def test_others_named_or_told_of_without_an_offer_are_not_sent(claim):
    draft = _first(claim)
    assert draft.generated_by != "openai:adversary", f"no research says: {claim}"
    assert any("others we served" in r for r in draft.reasons), draft.reasons
    assert any("others we served" in r for r in _answer_reasons(f"Thanks Dana, setup takes a short call. {claim}"))
