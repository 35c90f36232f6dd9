"""Claims a model may slip into the shipped series-b-funding play's first email, settled through the
real drafting path: each is held, while the approved text and the facts said another way go out.

Acme raised a $25.6M Series B led by Northzone; the contact is Dana Ortiz, VP Sales; the sender
is Jordan Lee.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from sdr_assets.domain.drafting import WRITTEN, Candidate, DraftRequest, settle
from sdr_assets.domain.facts import Fact, build_facts
from sdr_assets.domain.verifier import bounds_of
from sdr_assets.playbook import load_plays

PLAYS = Path(__file__).resolve().parents[2] / "data" / "plays"
OPEN = "Open to a short call next week?"


@pytest.fixture(scope="module")
def request_() -> DraftRequest:
    play = load_plays(PLAYS, writer={"model": "offline-template"}).plays["series-b-funding"]
    signal = {"signal_id": "s1", "signal_type": "funding", "source": "feed",
              "attributes": {"round": "Series B", "amount_usd": 25_600_000, "lead_investor": "Northzone"}}
    company = {"name": "Acme", "industry": "Logistics", "employees": 120, "country": "Germany",
               "tech_stack": "Salesforce"}
    facts, _ = build_facts(signal, company, {"first_name": "Dana", "last_name": "Ortiz", "title": "VP Sales"})
    sender = Fact("play.sender_name", "sender_name", str(play.sender["name"]), "name", "play file")
    variant = play.variants[0]
    return DraftRequest(play.name, variant["id"], variant["subject"], variant["body"], (*facts, sender), step=1,
                        bounds=bounds_of(play.research))


def _drafted(request_: DraftRequest, sentence: str | None = None, *, body: str | None = None):
    subject, approved = request_.rendered()
    text = body if body is not None else approved.replace(OPEN, f"{sentence}\n\n{OPEN}")
    return settle(request_, Candidate(subject, text, (), "openai:test"))


@pytest.mark.parametrize("sentence", [
    "Congrats on the 25.6M€ round.", "Congrats on the 25.6M £ round.", "Congrats on the ₹25.6M round.",
    "Congrats on the 25.6M yen round.", "Congrats on reaching 25.6M users.", "Your 25.6M downloads show it.",
    "It is your fifth year in Germany.", "Congrats on your third round.", "Acme is fourfold the size it was.",
    "A third of your sales team is new.", "Acme quadrupled its team.",
    "Acme is the number-one logistics company in Germany.", "A world class sales team.",
    "Acme is the most innovative logistics company in Germany.", "Acme is the premier logistics company.",
    "Congrats on the raise a few days ago.", "Congrats on the raise earlier this month.",
    "Congrats on the round the other day.", "Congrats on the round over the weekend.",
    "Congrats on the news just hours ago.",
    "Acme baru saja diakuisisi oleh Northzone.", "Acme ay binili ng Northzone noong isang linggo.",
    "Acme blev opkobt af Northzone i sidste uge.", "Acme ble kjopt av Northzone forrige uke.",
    "Acme zostala przejeta przez Northzone.", "Acme imenunuliwa na Northzone wiki iliyopita.",
])
def test_a_claim_the_facts_do_not_make_is_held(request_, sentence):
    draft = _drafted(request_, sentence)
    assert not (draft.verdict == WRITTEN and sentence in draft.body), draft


@pytest.mark.parametrize("sentence", ["Congrats on the $25.6M Series B.", "Congrats on the $25.6M round.",
                                      "Congrats on the 25.6M Series B.",
                                      "Congrats on the 25.6M round.", "Congrats on the Series B led by Northzone.",
                                      "Most martech and proptech teams upsell after a round."])
def test_the_facts_said_another_way_go_out(request_, sentence):
    draft = _drafted(request_, sentence)
    assert (draft.verdict, sentence in draft.body) == (WRITTEN, True), draft


@pytest.mark.parametrize(("old", "new"), [
    ("Jordan Lee", "Mark Lee"), ("Jordan Lee", "Best,\nWill"), ("Jordan Lee", "Bill Lee"), ("Jordan Lee", "- mike"),
    ("Hi Dana,", "Mark,"), ("Hi Dana,", "Grant,"), ("Hi Dana,", "hi sarah,"), ("Hi Dana,", "hey tom,"),
    ("Hi Dana,", "Dear Ms. Ortiz,"),  # a guess of her gender: research gives none (gendered_titles.py)
])
def test_only_the_contact_is_greeted_and_only_the_sender_signs(request_, old, new):
    body = request_.rendered()[1].replace(old, new)
    draft = _drafted(request_, body=body)
    assert not (draft.verdict == WRITTEN and new in draft.body), draft


@pytest.mark.parametrize(("old", "new"), [
    ("Jordan Lee", "Best,\nJordan"), ("Jordan Lee", "Thanks,\nJordan Lee"), ("Jordan Lee", "- Jordan"),
    ("Hi Dana,", "hi dana,"), ("Hi Dana,", "Dana,"), ("Hi Dana,", "Hi Dana Ortiz,"), ("Hi Dana,", "Hi Dana and team,"),
    ("Hi Dana,", "Congrats,"), ("Jordan Lee", "Looking forward,\nJordan"),
    ("Jordan Lee", "Jordan Lee\n\nTalk soon,"),
])
def test_the_contact_and_the_sender_may_be_named_any_usual_way(request_, old, new):
    body = request_.rendered()[1].replace(old, new)
    draft = _drafted(request_, body=body)
    assert (draft.verdict, new in draft.body) == (WRITTEN, True), draft


PLAN = "Since {why_now}, pipeline targets are being set now. Worth a short chat?"


@pytest.mark.parametrize("template", [
    "Hi {first_name} and team,\n\n" + PLAN + "\n\n{sender_name}",
    "Hi {first_name},\n\n" + PLAN + "\n\nBest,\n{sender_name}\nHead of Growth",
    "Hi {first_name},\n\n" + PLAN + "\n\n{sender_name}\nVP of Sales",
    "Hi {first_name},\n\n" + PLAN + "\n\nHappy to help.",
    "Hi {first_name},\n\n" + PLAN + "\n\nLet me know.",
])
def test_an_approved_template_is_not_held_for_its_own_greeting_signature_or_closing(request_, template):
    templated = DraftRequest(request_.play, request_.variant_id, request_.subject_template, template, request_.facts,
                             step=1, bounds=request_.bounds)
    draft = settle(templated)
    assert draft.verdict == WRITTEN, draft.reasons
    signed = settle(templated, Candidate(*templated.rendered(), (), "openai:test"))
    assert signed.verdict == WRITTEN, f"the same text from a model: {signed.reasons}"


def test_the_reference_verifier_shows_any_currency_sign_as_the_verifier_does():
    from tests.domain import verifier_reference as reference
    from sdr_assets.domain import verifier

    grounds, text = "Acme\nHi Dana,\nyou raised $25M\n$25M", ("Acme", "Hi Dana,\nCongrats on the ₹25M round.")
    bounds = verifier.Bounds(min_words=1, max_words=60)
    mine = verifier.verify_draft(*text, grounds, first_touch=False, bounds=bounds)
    assert any("₹25M" in r for r in mine)
    assert mine == reference.verify_draft(*text, grounds, first_touch=False, bounds=bounds)
