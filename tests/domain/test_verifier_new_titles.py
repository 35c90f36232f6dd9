"""A title called new says the role changed hands: the facts must say so, not only name the role."""

import pytest

from sdr_assets.domain.drafting import DraftRequest
from sdr_assets.domain.facts import Fact
from tests.domain.claim_people import LEADERSHIP, reasons_with

TEMPLATE = ("A note for {company_name}",
            "Hi {first_name},\n\nI saw {person} is {person_title} at {company_name}. Teams in {industry} "
            "usually review routing each quarter.\n\nWorth a short call?\n\n{sender_name}\n")
NAMED = {"first_name": "Dana", "last_name": "Park", "title": "VP Sales", "company_name": "Acme Robotics",
         "industry": "Software", "person": "Maria Lopez", "person_title": "COO", "sender_name": "Jordan Lee"}


def _reasons(values: dict, sentence: str) -> tuple[str, ...]:
    facts = tuple(Fact(f"test.{k}", k, v, "text", "test") for k, v in values.items())
    return reasons_with(DraftRequest("p", "a", *TEMPLATE, facts), sentence)


@pytest.mark.parametrize("sentence", [
    "New COO at Acme Robotics.",
    "Congrats to your new COO.",
    "Acme Robotics's new COO, Maria Lopez, will want clean data.",
    "The new Chief Operating Officer will want clean data.",
    "Your new VP Sales will want clean data.",
])
def test_a_title_called_new_is_stopped_where_the_facts_only_name_it(sentence):
    assert any(r.startswith("new role claim not in the facts: '") and "joined, was appointed" in r
               for r in _reasons(NAMED, sentence))


@pytest.mark.parametrize("sentence", [
    "Your COO Maria Lopez will want clean data.",
    "A new COO usually reviews routing in the first quarter.",
    "Teams with a new COO often review routing.",
    "Every new COO asks about routing.",
    "New markets are opening up in Software.",
])
def test_a_title_not_called_new_or_said_of_no_one_passes(sentence):
    assert not any(r.startswith("new role claim") for r in _reasons(NAMED, sentence))


@pytest.mark.parametrize("why_now", [
    "Maria Lopez was appointed COO",
    "Maria Lopez joins as COO",
    "Maria Lopez starts as COO next month",
    "Maria Lopez was promoted to COO",
    "Acme Robotics named Maria Lopez its incoming COO",
])
@pytest.mark.parametrize("sentence", ["New COO at Acme Robotics.", "Congrats to your new COO."])
def test_a_title_called_new_passes_where_the_facts_tell_of_the_change(why_now, sentence):
    assert not any(r.startswith("new role claim") for r in _reasons({**NAMED, "why_now": why_now}, sentence))


def test_a_leadership_signal_grounds_the_new_title_it_names():
    facts = tuple(Fact(f"test.{k}", k, v, "text", "test") for k, v in LEADERSHIP.items())
    request = DraftRequest("p", "a", *TEMPLATE[:1], TEMPLATE[1].replace("{person_title}", "{new_role}"), facts)
    assert reasons_with(request, "Congrats to your new VP Marketing.") == ()


def test_the_reason_shows_the_title_called_new():
    reasons = _reasons(NAMED, "Your new VP Sales will want clean data.")
    assert ("new role claim not in the facts: 'new VP Sales' (the facts name no one who joined, was appointed "
            "or took the role)") in reasons
