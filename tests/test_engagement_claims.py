"""Research never tells what the prospect did with our mail or site: a model's draft, first or
follow-up, that says she opened an email, clicked a link or looked at a page of ours ("I noticed you
opened my last email", "saw you clicked the link", "noticed you checked out our site") states what
no fact gives (and reads as watching her): it falls back to the approved template. A follow-up that
says only what the sequence did ("as per my last email") goes out."""

from __future__ import annotations

from pathlib import Path

import pytest

from sdr_assets.domain.drafting import WRITTEN, Candidate, DraftRequest, settle
from sdr_assets.domain.facts import Fact, build_facts
from sdr_assets.domain.verifier import Bounds
from sdr_assets.playbook import load_plays

PLAYS = load_plays(Path(__file__).resolve().parents[1] / "data" / "plays", writer={"model": "offline-template"}).plays
FUNDING = PLAYS["series-b-funding"]
FOLLOW_UP = FUNDING.sequence[1]
SIGNAL = {"signal_id": "s1", "signal_type": "funding", "source": "feed", "detail": "",
          "attributes": {"round": "Series B", "amount_usd": 25_000_000, "lead_investor": "Accel"}}
COMPANY = {"name": "Initech", "industry": "Software", "employees": 240, "country": "US"}
CONTACT = {"first_name": "Dana", "last_name": "Park", "title": "VP Sales"}
SENDER = Fact("play.sender_name", "sender_name", "Jordan Lee", "name", "play file")
NOTE = ("one more note and then I will leave you to it: if pipeline for the next two quarters is on your list, I "
        "can share how other Software teams approached it.")


def _follow_up(opening: str):
    facts, _ = build_facts(SIGNAL, COMPANY, CONTACT, "local", 3)
    request = DraftRequest(FUNDING.name, "congrats", FOLLOW_UP["subject"], FOLLOW_UP["body"], (*facts, SENDER),
                           step=2, bounds=Bounds())
    body = f"Hi Dana, {opening} {NOTE}\n\nJordan Lee\n"
    return settle(request, Candidate("Re: Initech after the Series B", body, (), "openai:adversary"))


@pytest.mark.parametrize("claim", [
    "I noticed you opened my last email, so here is",
    "I saw you clicked the link in my note, so here is",
    "I noticed you checked out our site, so here is",
    "I saw you looked at our case study, so here is",
    "I noticed you viewed our page on approvals, so here is",
])
def test_a_follow_up_never_says_what_she_did_with_our_mail_or_site(claim):
    draft = _follow_up(claim)
    assert draft.generated_by != "openai:adversary", f"no research says: {claim}"
    assert any("earlier contact claim" in r for r in draft.reasons), draft.reasons


@pytest.mark.parametrize("plain", ["as per my last email, here is", "in case my last email got buried, here is"])
def test_a_follow_up_that_says_only_what_we_sent_goes_out(plain):
    draft = _follow_up(plain)
    assert draft.verdict == WRITTEN and draft.generated_by == "openai:adversary", draft.reasons


def test_a_first_email_never_says_she_looked_at_our_site():
    variant = next(v for v in FUNDING.variants if v["id"] == "congrats")
    facts, _ = build_facts(SIGNAL, COMPANY, CONTACT, "local", 3)
    request = DraftRequest(FUNDING.name, "congrats", variant["subject"], variant["body"], (*facts, SENDER),
                           bounds=Bounds())
    body = ("Hi Dana,\n\nCongratulations on Initech's $25M Series B. I noticed you checked out our site, so: we help "
            "Software teams answer with outbound that a person signs off before it goes out.\n\nOpen to a short "
            "call next week?\n\nJordan Lee\n")
    draft = settle(request, Candidate("Congrats on the Series B, Dana", body, (), "openai:adversary"))
    assert draft.generated_by != "openai:adversary", draft.body
