"""A claim is said of whom the facts say it of: a new role of the person a signal names, not of the
contact; a round of the company, not of its investor; a title the contact holds, not the one the
company hires for. The subject line gets the checks the body gets."""

import pytest

from sdr_assets.domain.drafting import DraftRequest
from sdr_assets.domain.facts import Fact
from sdr_assets.domain.verifier import Bounds, verify_draft
from tests.domain.claim_people import FUNDING, HIRING, LEADERSHIP

MIDDLE = "New leaders usually review the pipeline in their first quarter; we help them start with clean data."


def _request(values: dict[str, str], subject: str, body: str) -> DraftRequest:
    facts = tuple(Fact(f"test.{k}", k, v, "text", "test") for k, v in values.items())
    return DraftRequest("p", "a", subject, body, facts)


def _leadership(person: str = "Maria Lopez") -> DraftRequest:
    values = {**LEADERSHIP, "person": person}
    return _request(values, "A new {new_role} at {company_name}",
                    "Hi {first_name},\n\nI saw {person} joined {company_name} as {new_role}. " + MIDDLE
                    + "\n\nWorth a short call?\n\n{sender_name}\n")


def _funding() -> DraftRequest:
    return _request(FUNDING, "Congrats on the {round}, {first_name}",
                    "Hi {first_name},\n\nCongratulations on {company_name}'s {amount} {round}, led by {lead_investor}. "
                    "The board will ask how that turns into pipeline; we help {industry} teams answer.\n\n"
                    "Open to a short call?\n\n{sender_name}\n")


def _hiring() -> DraftRequest:
    return _request(HIRING, "{role} at {company_name}",
                    "Hi {first_name},\n\nI saw {company_name} is hiring a {role}. Teams that add RevOps usually spend "
                    "the new hire's first quarter untangling routing.\n\nWorth a look?\n\n{sender_name}\n")


def _reasons(request: DraftRequest, subject: str, body: str) -> tuple[str, ...]:
    return verify_draft(subject, body, request.grounds(), first_touch=True, bounds=Bounds(), roles=request.roles())


def _body(request: DraftRequest, sentence: str) -> str:
    first, _, rest = request.rendered()[1].partition("\n\n")
    return f"{first}\n\n{sentence} {rest}"


@pytest.mark.parametrize(("sentence", "reason"), [
    ("Congratulations on your new role, Dana.", "says Dana has a new role; the facts say Maria Lopez joined"),
    ("Congrats on joining Acme Robotics.", "says Dana joined; the facts say Maria Lopez joined"),
    ("Since you just joined Acme Robotics, timing is good.", "says Dana joined; the facts say Maria Lopez joined"),
    ("Congrats on your promotion.", "says Dana was promoted; the facts say Maria Lopez joined"),
    ("I saw Dana was appointed VP Marketing.", "says Dana was appointed; the facts say Maria Lopez joined"),
    ("I saw Jordan joined Acme Robotics.", "says Jordan Lee joined; the facts say Maria Lopez joined"),
])
def test_a_new_role_said_of_the_contact_or_the_sender_is_a_reason(sentence, reason):
    request = _leadership()
    assert reason in _reasons(request, request.rendered()[0], _body(request, sentence))


@pytest.mark.parametrize("sentence", [
    "Congrats to Maria on joining Acme Robotics.",
    "I saw Maria Lopez joined as VP Marketing.",
    "Your new VP Marketing will want a clean pipeline.",
])
def test_a_new_role_said_of_the_person_the_signal_names_passes(sentence):
    request = _leadership()
    assert _reasons(request, request.rendered()[0], _body(request, sentence)) == ()


@pytest.mark.parametrize("sentence", ["Congrats on the new role, Dana.", "Congrats on your new role, Dana.",
                                      "Your new role at Acme Robotics starts well."])
def test_a_new_role_of_the_contact_passes_when_the_signal_names_the_contact(sentence):
    """"your new" and "new role" overlap: "role" is part of the new role, no hiring claim."""
    request = _leadership(person="Dana Park")
    assert _reasons(request, request.rendered()[0], _body(request, sentence)) == ()


@pytest.mark.parametrize(("sentence", "reason"), [
    ("Index Ventures just raised a Series B.", "says Index Ventures raised; the facts say Blueio raised"),
    ("Congrats to Index Ventures on their Series B.", "says Index Ventures raised; the facts say Blueio raised"),
    ("Index Ventures' Series B caught my eye.", "says Index Ventures raised; the facts say Blueio raised"),
])
def test_a_round_said_of_the_investor_is_a_reason(sentence, reason):
    request = _funding()
    assert reason in _reasons(request, request.rendered()[0], _body(request, sentence))


@pytest.mark.parametrize("sentence", ["Your Series B, led by Index Ventures, is a milestone.",
                                      "Index Ventures led the Series B at Blueio.", "Blueio just raised a Series B."])
def test_a_round_said_of_the_company_passes(sentence):
    request = _funding()
    assert _reasons(request, request.rendered()[0], _body(request, sentence)) == ()


def test_a_round_the_template_gives_another_company_is_not_the_contacts():
    values = {k: v for k, v in FUNDING.items() if k not in ("round", "amount", "lead_investor", "why_now")}
    request = _request(values, "Pipeline at {company_name}",
                       "Hi {first_name},\n\nWe helped Globex plan pipeline after their Series B; we help {industry} "
                       "teams do the same.\n\nOpen to a short call?\n\n{sender_name}\n")
    body = _body(request, "Congrats on your Series B.")
    assert "says Blueio raised; the facts give Blueio no round" in _reasons(request, request.rendered()[0], body)


@pytest.mark.parametrize(("sentence", "reason"), [
    ("Congrats on being hired as Head of Revenue Operations.", "says Tom was hired; the facts say no one did"),
    ("As Head of Revenue Operations, you own routing.",
     "says Tom is Head of Revenue Operations; the facts say Tom is VP Sales"),
    ("You're the new Head of Revenue Operations at Larkspur Analytics.",
     "says Tom is Head of Revenue Operations; the facts say Tom is VP Sales"),
])
def test_the_role_a_company_hires_for_is_not_the_contacts(sentence, reason):
    request = _hiring()
    assert reason in _reasons(request, request.rendered()[0], _body(request, sentence))


@pytest.mark.parametrize("sentence", ["You're hiring a Head of Revenue Operations.",
                                      "As VP Sales, you will feel it first."])
def test_hiring_said_of_the_company_and_the_contacts_own_title_pass(sentence):
    request = _hiring()
    assert _reasons(request, request.rendered()[0], _body(request, sentence)) == ()


@pytest.mark.parametrize(("subject", "reason"), [
    ("Congrats on your new role, Dana", "says Dana has a new role; the facts say Maria Lopez joined"),
    ("Hi Maria", "subject greets Maria, not the contact Dana Park"),
    ("Maria, a quick question", "subject greets Maria, not the contact Dana Park"),
    ("A quick question, Jordan", "subject greets Jordan, not the contact Dana Park"),
    ("A quick question, maria", "subject greets maria, not the contact Dana Park"),
    ("A quick question, priya", "subject greets someone not in the facts: priya"),
])
def test_the_subject_gets_the_checks_of_the_body(subject, reason):
    request = _leadership()
    assert reason in _reasons(request, subject, request.rendered()[1])


@pytest.mark.parametrize("subject", ["A new VP Marketing at Acme Robotics", "Dana, a quick question",
                                     "A quick question, Dana", "Hi Dana", "Pipeline, simplified",
                                     "Maria Lopez joined Acme Robotics"])
def test_a_subject_that_addresses_the_contact_or_no_one_passes(subject):
    request = _leadership()
    assert _reasons(request, subject, request.rendered()[1]) == ()
