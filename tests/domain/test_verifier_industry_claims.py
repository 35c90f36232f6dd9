"""A draft never calls the prospect a company of an industry research did not find: Initech is a
Software company, and a model's "as a fintech company, you ..." or "logistics teams like yours" falls
back to the approved template; the industry the facts give, in another of its spellings, and
industries said of no one ("fintech teams often ...", "as a fintech company grows") go out as written."""

from __future__ import annotations

from pathlib import Path

import pytest

from sdr_assets.domain.drafting import WRITTEN, Candidate, DraftRequest, settle
from sdr_assets.domain.facts import Fact, build_facts
from sdr_assets.domain.industry_claims import industry_reasons
from sdr_assets.domain.verifier import bounds_of
from sdr_assets.playbook import load_plays

PLAYS = Path(__file__).resolve().parents[2] / "data" / "plays"
OPEN = "Open to a short call next week?"


def _request(industry: str) -> DraftRequest:
    play = load_plays(PLAYS, writer={"model": "offline-template"}).plays["series-b-funding"]
    signal = {"signal_id": "s1", "signal_type": "funding", "source": "feed",
              "attributes": {"round": "Series B", "amount_usd": 25_000_000, "lead_investor": "Accel"}}
    company = {"name": "Initech", "industry": industry, "employees": 240, "country": "US"}
    contact = {"first_name": "Dana", "last_name": "Park", "title": "VP Sales"}
    facts, _ = build_facts(signal, company, contact, age_days=3)
    sender = Fact("play.sender_name", "sender_name", str(play.sender["name"]), "name", "play file")
    variant = play.variants[0]
    return DraftRequest(play.name, variant["id"], variant["subject"], variant["body"], (*facts, sender), step=1,
                        bounds=bounds_of(play.research))


def _drafted(industry: str, sentence: str):
    request = _request(industry)
    subject, approved = request.rendered()
    return settle(request, Candidate(subject, approved.replace(OPEN, f"{sentence}\n\n{OPEN}"), (), "openai:test"))


@pytest.mark.parametrize("sentence", [
    "As a fintech company, you know how closely a board reads pipeline.",
    "As a fast-growing logistics platform you know how closely a board reads pipeline.",
    "Fintech teams like yours feel that pressure first.",
    "Insurance companies like Initech feel that pressure first.",
    "Initech is a leading healthcare company, so the board will read pipeline closely.",
    "Initech, an insurtech startup, will feel that pressure first.",
    "You're an e-commerce brand, so the board will read pipeline closely.",
    "Your cybersecurity business will feel that pressure first.",
])
def test_an_industry_the_facts_do_not_give_is_held(sentence):
    draft = _drafted("Software", sentence)
    assert not (draft.verdict == WRITTEN and sentence in draft.body), f"Initech is Software: {sentence}"
    assert any(r.startswith("industry of the prospect not in the facts") for r in draft.reasons), draft.reasons


@pytest.mark.parametrize(("industry", "sentence"), [
    ("Software", "As a software company, you know how closely a board reads pipeline."),
    ("Fintech", "As a fintech company, you know how closely a board reads pipeline."),
    ("Fintech", "As a financial services firm, you know how closely a board reads pipeline."),
    ("E-commerce", "Ecommerce brands like yours feel that pressure first."),
    ("HR Tech", "As an HR tech vendor, you know how closely a board reads pipeline."),
    ("Marketing Tech", "Martech teams like yours feel that pressure first."),
    ("Software", "Fintech teams often feel that pressure first."),
    ("Software", "As a logistics company grows, its board reads pipeline closely."),
    ("Software", "If you sold to fintech companies, the board would read pipeline closely."),
    ("Software", "We have seen boards of fintech and logistics companies read pipeline closely."),
])
def test_the_industry_of_the_facts_and_industries_of_no_one_go_out(industry, sentence):
    draft = _drafted(industry, sentence)
    assert draft.verdict == WRITTEN and sentence in draft.body, draft.reasons


def test_a_condition_states_no_industry():
    assert industry_reasons("If you are a fintech company, the board reads pipeline.", "Software", ("Initech",)) == []


@pytest.mark.parametrize(("industry", "sentence"), [
    ("Pharmaceuticals", "As a pharma company, you know how closely a board reads pipeline."),
    ("Medical Devices", "As a medical device company, you know how closely a board reads pipeline."),
    ("Hotels, Restaurants & Leisure", "Restaurant brands like yours feel that pressure first."),
])
def test_the_industry_a_provider_gives_in_the_plural_grounds_its_singular(industry, sentence):
    """A provider's industry in the plural ("Pharmaceuticals", "Medical Devices") grounds the prospect called a
    company of it: the sentence goes out as written."""
    draft = _drafted(industry, sentence)
    assert draft.verdict == WRITTEN and sentence in draft.body, draft.reasons
