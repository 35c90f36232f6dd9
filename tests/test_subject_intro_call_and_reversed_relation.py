"""A subject that asks for an introductory call ("Initech intro call?", "Dana, a 15-minute Initech intro
call?") introduces no one and goes out, as does a body that offers one; a subject that says a name of
the facts introduced us or sets us beside it from either side ("Intro via Accel", "Jordan x Initech"),
like "Accel intro" and "Initech x Jordan", falls back to the approved template. Two names of the facts
side by side ("Snowflake x Initech") go out."""

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
        "{extra}Open to a short call next week?\n\nJordan Lee\n")


def _settled(subject: str, extra: str = ""):
    facts, _ = build_facts(SIGNAL, {"name": "Initech", "industry": "Software", "employees": 240, "country": "US",
                                    "tech_stack": "Snowflake"},
                           {"first_name": "Dana", "last_name": "Park", "title": "VP Sales"}, "local", 3)
    sender = Fact("play.sender_name", "sender_name", "Jordan Lee", "name", "play file")
    request = DraftRequest(PLAY.name, "congrats", CONGRATS["subject"], CONGRATS["body"], (*facts, sender),
                           bounds=Bounds())
    return settle(request, Candidate(subject, BODY.format(extra=extra), (), "openai:adversary"))


@pytest.mark.parametrize("subject", ["Initech intro call?", "Dana, a 15-minute Initech intro call?",
                                     "Snowflake x Initech"])
def test_a_subject_of_no_relation_is_sent(subject):
    draft = _settled(subject)
    assert draft.verdict == WRITTEN and draft.generated_by == "openai:adversary", draft.reasons


def test_a_body_offering_an_intro_call_is_sent():
    draft = _settled("Congrats on the Series B, Dana", "Happy to set up a short Initech intro call with your team. ")
    assert draft.verdict == WRITTEN and draft.generated_by == "openai:adversary", draft.reasons


@pytest.mark.parametrize("subject", ["Intro via Accel", "Jordan x Initech", "Accel intro", "Initech x Jordan"])
def test_a_subject_of_a_relation_is_not_sent(subject):
    draft = _settled(subject)
    assert draft.generated_by != "openai:adversary", f"no research says: {subject}"
    assert any("relation with us" in r for r in draft.reasons), draft.reasons
