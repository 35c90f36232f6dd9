"""Claims the verifier read word by word and so let through: a month or weekday in lower case, a
role title recomposed from grounded words, and a headcount restated as something else it counts."""

import pytest

from sdr_assets.domain.drafting import DraftRequest
from sdr_assets.domain.facts import Fact, build_facts, grounds_lines
from sdr_assets.domain.verifier import grounding_reasons

GROUNDS = ("Hi Dana, congrats on the Series B.\nDana\nHead of Revenue Operations\nAcme\nSales software\n"
           "Germany")


@pytest.mark.parametrize("sentence, date", [
    ("We could talk in march.", "march"),
    ("Since jan 12 you have doubled.", "jan"),
    ("Your thursday launch caught my eye.", "thursday"),
    ("Your launch on may 3 caught my eye.", "may"),
    ("Our 12th of march call stands.", "march"),
    ("Let us speak early sept.", "sept"),
    ("Catch up in mid-may?", "may"),
    ("The round closed in august 2026.", "august"),
    ("Could we talk at the end of march?", "march"),
    ("The memo went out on wed after the call.", "wed"),
    ("Is your march offsite still on?", "march"),
    ("Let us talk in early may.", "may"),
])
def test_a_date_in_lower_case_is_checked_as_its_name(sentence, date):
    reasons = grounding_reasons(sentence, GROUNDS + "\n15\n12\n3\n2026")
    assert f"date not in the facts: {date}" in reasons, reasons
    capitalised = grounding_reasons(sentence.replace(date, date.capitalize(), 1), GROUNDS + "\n15\n12\n3\n2026")
    assert any(date.capitalize() in r for r in capitalised), "the lower case states what the name states"


@pytest.mark.parametrize("sentence", [
    "You may find this useful.",
    "Teams march to the same plan.",
    "Hope the sun is out in Germany.",
    "We may 5x your pipeline.",
    "Acme may have moved on.",
    "Teams that hire early may see a faster ramp.",
    "Teams that never ran outbound before may find the first month slow.",
    "What you do next may shape the quarter.",
    "A team of 240 may need this.",
])
def test_a_word_that_is_only_spelled_like_a_date_is_no_date(sentence):
    assert not [r for r in grounding_reasons(sentence, GROUNDS + "\n5") if r.startswith("date")]


def test_a_date_the_grounds_name_in_any_spelling_passes():
    assert grounding_reasons("We could talk in march.", GROUNDS + "\nclosing in March") == []
    assert grounding_reasons("Good news since jan.", GROUNDS + "\nsince January") == []
    assert grounding_reasons("May I ask one thing?", GROUNDS) == []


@pytest.mark.parametrize("sentence, title", [
    ("As Head of Sales at Acme, you own the number.", "Head of Sales"),
    ("As VP of Revenue Operations, Dana, you own it.", "VP of Revenue Operations"),
    ("As Vice President Sales you own it.", "Vice President Sales"),
    ("Head of Revenue Operations and Director of Sales Software alike.", "Director of Sales Software"),
    ("As Head of Revenue Operations Software you own it.", "Head of Revenue Operations Software"),
    ("As head of sales at Acme, you own it.", "head of sales"),
    ("As VP of sales at Acme, you own it.", "VP of sales"),
    ("As Sales Director at Acme, you own it.", "Sales Director"),
])
def test_a_role_title_built_from_grounded_words_is_not_grounded(sentence, title):
    reasons = grounding_reasons(sentence, GROUNDS + "\nVP Marketing\nDirector of Data\nVice President Partnerships")
    assert f"role title not in the facts: {title}" in reasons, reasons
    assert not [r for r in reasons if r.startswith("name not in the facts")], "each word is grounded"


@pytest.mark.parametrize("sentence, grounds_title", [
    ("As Head of Revenue Operations at Acme, you own the number.", "Head of Revenue Operations"),
    ("As head of Revenue Operations at Acme, you own the number.", "Head of Revenue Operations"),
    ("As VP of Sales at Acme, you own the number.", "VP, Sales"),
    ("As Vice President of Sales at Acme, you own the number.", "Vice President Sales"),
    ("As VP Sales at Acme, you own the number.", "VP of Sales"),
    ("As Director of Data & AI at Acme, you own the number.", "Director of Data and AI"),
    ("As Director of Sales at Acme, you own the number.", "Sales Director"),
    ("As Head of Revenue at Acme, you own the number.", "Head of Revenue Operations"),
    ("The Head of Revenue Operations Acme named owns this.", "Head of Revenue Operations"),  # the company's name
    ("As head of revenue operations at Acme, you own the number.", "Head of Revenue Operations"),
    ("As Director of FP&A at Acme, you own the number.", "Director of FP&A"),
    ("As Head of R&D at Acme, you own the number.", "Head of R&D"),
    ("As Acme Sales Director, you own the number.", "Sales Director"),
    ("As Managing Director at Acme, you own the number.", "Managing Director"),
])
def test_the_title_the_grounds_hold_passes_in_its_spellings(sentence, grounds_title):
    assert grounding_reasons(sentence, f"Dana\nAcme\n{grounds_title}") == []


def _grounds(**company) -> str:
    facts, _ = build_facts({"signal_id": "s1", "signal_type": "funding", "attributes": {"round": "Series B"}},
                           {"name": "Acme", "employees": 240, **company}, {"first_name": "Dana"})
    request = DraftRequest("p", "a", "Hi {first_name}", "Hello.", tuple(facts))
    assert "240 employees" in grounds_lines(facts)
    return request.grounds()


def test_openings_may_be_said_as_the_people_hired_and_a_headcount_never_as_roles():
    facts, _ = build_facts({"signal_id": "s1", "signal_type": "hiring", "attributes": {"openings": 12}},
                           {"name": "Acme", "employees": 240}, {"first_name": "Dana"})
    grounds = DraftRequest("p", "a", "Hi {first_name}", "Hello.", tuple(facts)).grounds()
    assert grounding_reasons("You are hiring 12 people for the sales team.", grounds) == []
    assert grounding_reasons("You are adding 12 roles this quarter.", grounds) == []
    assert grounding_reasons("Acme has 12 employees.", grounds) == ["number not in the facts: 12 employees"]


@pytest.mark.parametrize("sentence, held", [
    ("Acme has 240 openings.", True),
    ("You are hiring for 240 roles.", True),
    ("Acme has 240 employees.", False),
    ("A team of 240 people.", False),
    ("A 240-strong team.", False),
    ("A team of 240.", False),
])
def test_a_headcount_is_a_number_of_people_and_of_nothing_else(sentence, held):
    reasons = grounding_reasons(sentence, _grounds())
    assert any(r.startswith("number not in the facts: 240") for r in reasons) is held, reasons


@pytest.mark.parametrize("sentence, held", [
    ("Congrats on adding 240 people.", True),
    ("You are hiring 240 people.", True),
    ("Onboarding 240 staff is a lot.", True),
    ("You are recruiting 240 employees.", True),
    ("With 240 people on the team, routing matters.", False),
    ("The 240 people you have will feel it.", False),
    ("Adding reps to a team of 240 people takes care.", False),
])
def test_a_headcount_is_never_said_as_people_hired_or_added(sentence, held):
    reasons = grounding_reasons(sentence, _grounds())
    assert any(r.startswith("number not in the facts: 240") for r in reasons) is held, reasons


@pytest.mark.parametrize("sentence", ["Congrats on adding 12 people.", "You are hiring 12 people."])
def test_openings_said_as_people_added_still_pass(sentence):
    facts, _ = build_facts({"signal_id": "s1", "signal_type": "hiring", "attributes": {"openings": 12}},
                           {"name": "Acme", "employees": 240}, {"first_name": "Dana"})
    grounds = DraftRequest("p", "a", "Hi {first_name}", "Hello.", tuple(facts)).grounds()
    assert not any(r.startswith("number not in the facts") for r in grounding_reasons(sentence, grounds))


@pytest.mark.parametrize("why_now, sentence", [
    ("you're hiring 12 people", "You're hiring 12 people."),
    ("Acme is adding 12 people this quarter", "Acme is adding 12 people this quarter."),
    ("Acme is adding 12 people this quarter", "Congrats on adding 12 people."),
])
def test_people_hired_in_the_facts_ground_the_same_people_hired(why_now, sentence):
    """Reviewer: facts "you're hiring 12 people" / "Acme is adding 12 people this quarter" with the
    draft saying exactly that were stopped ("number not in the facts: 12 people")."""
    facts = [Fact("s1.why_now", "why_now", why_now, "text", "s1"),
             Fact("c.company_name", "company_name", "Acme", "text", "c")]
    grounds = DraftRequest("p", "a", "Hi {company_name}", "Hello.", tuple(facts)).grounds()
    assert not any(r.startswith("number not in the facts") for r in grounding_reasons(sentence, grounds))
