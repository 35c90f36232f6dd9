"""A subject line is read as the body is: one that calls the email an introduction by a name of the facts
("Accel portfolio intro", "Accel intro") or sets the prospect beside us ("Initech x Jordan") tells of a
relation no research found, and the model's draft falls back to the approved template. A subject that
introduces the sender alone ("Quick intro") or names the signal goes out."""

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
BODY = ("Hi Dana,\n\nCongratulations on Initech's $25M Series B. The next board meeting will ask how that turns into "
        "pipeline; we help Software teams answer with outbound that a person signs off before it goes out.\n\n"
        "Open to a short call next week?\n\nJordan Lee\n")


def _settled(subject: str):
    facts, _ = build_facts(SIGNAL, {"name": "Initech", "industry": "Software", "employees": 240, "country": "US"},
                           {"first_name": "Dana", "last_name": "Park", "title": "VP Sales"}, "local", 3)
    sender = Fact("play.sender_name", "sender_name", "Jordan Lee", "name", "play file")
    request = DraftRequest(PLAY.name, "congrats", CONGRATS["subject"], CONGRATS["body"], (*facts, sender),
                           bounds=Bounds())
    return settle(request, Candidate(subject, BODY, (), "openai:adversary"))


@pytest.mark.parametrize("subject", ["Accel portfolio intro", "Accel intro", "Initech x Jordan", "Initech <> Jordan"])
def test_a_subject_of_a_relation_is_not_sent(subject):
    draft = _settled(subject)
    assert draft.generated_by != "openai:adversary", f"no research says: {subject}"
    assert any("relation with us" in r for r in draft.reasons), draft.reasons


@pytest.mark.parametrize("subject", ["Congrats on the Series B, Dana", "Quick intro", "Initech's pipeline after the Series B"])
def test_a_subject_of_no_relation_is_sent(subject):
    draft = _settled(subject)
    assert draft.verdict == WRITTEN and draft.generated_by == "openai:adversary", draft.reasons
