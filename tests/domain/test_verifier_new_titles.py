"""A title called new says the role changed hands: the facts must say so, not only name the role."""

import pytest

from sdr_assets.domain.drafting import DraftRequest
from sdr_assets.domain.facts import Fact
from tests.domain.claim_people import HIRING, LEADERSHIP, reasons_with

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


@pytest.mark.parametrize("why_now", [
    "they started in 2015", "you are hiring 3 SDRs", "Acme Robotics joined the Forbes list",
    "was named a top startup", "teams replacing spreadsheets", "stepping up its outbound",
])
@pytest.mark.parametrize("sentence", [
    "Maria Lopez is the new COO at Acme Robotics.", "New COO at Acme Robotics.", "Congrats on the new COO, Maria.",
])
def test_a_change_word_about_something_else_grounds_no_new_title(why_now, sentence):
    """Reviewer: any change word anywhere in the grounds let "new X" through; a change counts only
    from a sentence that holds the same rank word or the person's name."""
    assert any(r.startswith("new role claim") for r in _reasons({**NAMED, "why_now": why_now}, sentence))


def test_a_template_line_of_joining_grounds_no_new_title():
    """Reviewer: a template line "Teams that joined our beta" let "New COO at Acme Robotics." through."""
    facts = tuple(Fact(f"test.{k}", k, v, "text", "test") for k, v in NAMED.items())
    body = TEMPLATE[1].replace("usually review", "that joined our beta review")
    assert any(r.startswith("new role claim")
               for r in reasons_with(DraftRequest("p", "a", TEMPLATE[0], body, facts), "New COO at Acme Robotics."))


def test_a_leadership_signal_about_another_title_grounds_no_new_title():
    """Reviewer: a leadership signal about a VP Marketing grounded "your new COO" too."""
    facts = tuple(Fact(f"test.{k}", k, v, "text", "test") for k, v in LEADERSHIP.items())
    request = DraftRequest("p", "a", *TEMPLATE[:1], TEMPLATE[1].replace("{person_title}", "{new_role}"), facts)
    assert any(r.startswith("new role claim") for r in reasons_with(request, "Congrats to your new COO."))


def test_an_open_role_is_no_role_that_changed_hands():
    """Reviewer: a hiring signal grounded "Your new Head of Revenue Operations will want clean data."
    though the role is still open."""
    facts = tuple(Fact(f"test.{k}", k, v, "text", "test") for k, v in HIRING.items())
    request = DraftRequest("p", "a", TEMPLATE[0], TEMPLATE[1].replace("I saw {person} is {person_title} at",
                                                                       "I saw you are hiring a {role} at"), facts)
    assert any(r.startswith("new role claim")
               for r in reasons_with(request, "Your new Head of Revenue Operations will want clean data."))


@pytest.mark.parametrize("why_now", ["Maria Lopez joined in March", "Acme Robotics appointed a Chief Operating Officer"])
def test_a_change_said_of_the_person_or_the_title_written_long_grounds_the_new_title(why_now):
    assert not any(r.startswith("new role claim")
                   for r in _reasons({**NAMED, "why_now": why_now}, "Congrats to your new COO."))


@pytest.mark.parametrize("sentence", [
    "I saw Acme Robotics has a new COO.", "Acme Robotics has a new COO, Maria Lopez.", "Congrats on landing a new COO!",
])
def test_a_new_title_the_prospect_has_is_a_claim_after_a(sentence):
    """Reviewer: "a/an new X" was exempt even when said of the prospect."""
    assert any(r.startswith("new role claim") for r in _reasons(NAMED, sentence))


@pytest.mark.parametrize("sentence", [
    "Teams get new dashboards the VP can read.", "The new reports your VP reads each week are built in.",
])
def test_new_things_a_title_reads_are_no_new_title(sentence):
    """Reviewer: "Teams get new dashboards the VP can read." and "The new reports your VP reads each
    week are built in." were stopped."""
    assert not any(r.startswith("new role claim") for r in _reasons(NAMED, sentence))


def test_the_reason_shows_every_capitalised_word_of_the_title():
    """Reviewer: the reason showed "'new Chief Operating'"."""
    reasons = _reasons(NAMED, "The new Chief Operating Officer will want clean data.")
    assert any(r.startswith("new role claim not in the facts: 'new Chief Operating Officer'") for r in reasons)


def test_an_open_role_grounds_a_subject_line_new_title_whose_body_speaks_of_the_hire_to_come():
    facts = tuple(Fact(f"test.{k}", k, v, "text", "test") for k, v in HIRING.items())
    body = "Hi {first_name},\n\nI saw you are hiring a {role}. Worth a look before they join?\n\n{sender_name}\n"
    request = DraftRequest("p", "a", "{company_name}'s new {role}", body, facts)
    assert not any(r.startswith("new role claim") for r in reasons_with(request, "Routing is worth a review."))
    said = DraftRequest("p", "a", "{company_name}'s new {role}", body.replace("before they join", "this month"), facts)
    assert any(r.startswith("new role claim") for r in reasons_with(said, "Routing is worth a review."))


def test_a_change_of_another_title_of_the_same_rank_grounds_no_new_title():
    facts = tuple(Fact(f"test.{k}", k, v, "text", "test") for k, v in LEADERSHIP.items())
    request = DraftRequest("p", "a", *TEMPLATE[:1], TEMPLATE[1].replace("{person_title}", "{new_role}"), facts)
    assert any(r.startswith("new role claim not in the facts: 'new VP Sales'")
               for r in reasons_with(request, "Congrats to your new VP Sales."))


CONTACT = {"first_name": "Dana", "last_name": "Ortiz", "title": "VP Sales", "company_name": "Acme Robotics",
           "industry": "Software", "sender_name": "Jordan Lee"}
PLAIN = ("A note for {company_name}",
         "Hi {first_name},\n\nTeams in {industry} usually review routing each quarter.\n\nWorth a short call?\n\n"
         "{sender_name}\n")


def _plain_reasons(values: dict, sentence: str) -> list[str]:
    facts = tuple(Fact(f"test.{k}", k, v, "text", "test") for k, v in values.items())
    return [r for r in reasons_with(DraftRequest("p", "a", *PLAIN, facts), sentence) if r.startswith("new role claim")]


@pytest.mark.parametrize(("title", "why_now"), [
    ("VP Sales", "Dana Ortiz joined Acme Robotics in 2015."),
    ("CEO", "Dana Ortiz joined Acme Robotics in 2015."),
    ("VP Sales", "Dana Ortiz joined Acme Robotics."),
    ("VP Sales", "Dana Ortiz was promoted."),
])
def test_a_change_of_a_person_grounds_only_the_title_they_hold_now(title, why_now):
    """Reviewer: a person's name and a change word in one sentence grounded "new" for any title:
    "Dana Ortiz joined Acme in 2015." let "Congrats to your new CEO Dana." pass."""
    assert _plain_reasons({**CONTACT, "title": title, "why_now": why_now}, "Congrats to your new CEO Dana.")


@pytest.mark.parametrize(("title", "why_now"), [
    ("CEO", "Dana Ortiz joined Acme Robotics."),
    ("VP Sales", "Dana Ortiz was appointed CEO."),
    ("VP Sales", "Dana Ortiz was appointed CEO in 2026."),
    ("Chief Executive Officer", "Dana Ortiz took over."),
])
def test_a_change_to_the_title_or_of_its_holder_grounds_the_new_title(title, why_now):
    assert not _plain_reasons({**CONTACT, "title": title, "why_now": why_now}, "Congrats to your new CEO Dana.")


def test_a_leadership_signal_grounds_its_person_in_their_new_role_only():
    values = {**CONTACT, "person": "Maria Lopez", "new_role": "COO", "why_now": "Maria Lopez joined Acme Robotics"}
    assert not _plain_reasons(values, "Congrats to your new COO, Maria.")
    assert _plain_reasons(values, "Congrats to your new CFO, Maria.")
