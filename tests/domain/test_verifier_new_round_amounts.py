"""A round called new with its amount between ("your new $25M Series B") calls the signal news as
"the new round" does: a draft says it only while research finds the round news, and a round of two
months ago falls back to the approved template."""

from __future__ import annotations

from pathlib import Path

import pytest

from sdr_assets.domain.drafting import WRITTEN, Candidate, DraftRequest, settle
from sdr_assets.domain.facts import JUST_DAYS, Fact, build_facts
from sdr_assets.domain.verifier import bounds_of
from sdr_assets.playbook import load_plays

PLAYS = Path(__file__).resolve().parents[2] / "data" / "plays"


def _request(age_days: float) -> DraftRequest:
    play = load_plays(PLAYS, writer={"model": "offline-template"}).plays["series-b-funding"]
    signal = {"signal_id": "s1", "signal_type": "funding", "source": "feed",
              "attributes": {"round": "Series B", "amount_usd": 25_000_000, "lead_investor": "Accel"}}
    company = {"name": "Initech", "industry": "Software", "employees": 240, "country": "US"}
    contact = {"first_name": "Dana", "last_name": "Park", "title": "VP Sales"}
    facts, _ = build_facts(signal, company, contact, age_days=age_days)
    sender = Fact("play.sender_name", "sender_name", str(play.sender["name"]), "name", "play file")
    variant = play.variants[0]
    return DraftRequest(play.name, variant["id"], variant["subject"], variant["body"], (*facts, sender), step=1,
                        bounds=bounds_of(play.research))


@pytest.mark.parametrize("new", ["new $25M Series B", "new $25M round", "new $25 million Series B", "new 25M $ raise"])
def test_a_new_round_with_its_amount_is_news_only_while_the_round_is(new):
    for age, news in ((3, True), (JUST_DAYS + 46, False)):
        request = _request(age)
        subject, approved = request.rendered()
        body = approved.replace("Congratulations on Initech's $25M Series B.", f"Congratulations on Initech's {new}.")
        assert new in body
        draft = settle(request, Candidate(subject, body, (), "openai:test"))
        assert (draft.verdict == WRITTEN) is news, f"{age} days old: {new}: {draft.reasons}"
