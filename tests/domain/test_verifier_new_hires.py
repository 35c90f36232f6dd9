"""A hiring signal says a role is open: a draft may speak of the hire to come, never say the hire
is made, unless the facts name the person who joined."""

import pytest

from sdr_assets.domain.drafting import DraftRequest
from sdr_assets.domain.facts import Fact
from tests.domain.claim_people import HIRING, LEADERSHIP, reasons_with

HIRING_TEMPLATE = ("{role} at {company_name}",
                   "Hi {first_name},\n\nI saw {company_name} is hiring a {role}. Teams that add RevOps usually "
                   "spend the new hire's first quarter untangling routing.\n\nWorth a look?\n\n{sender_name}\n")
LEADERSHIP_TEMPLATE = ("A new {new_role} at {company_name}",
                       "Hi {first_name},\n\nI saw {person} joined {company_name} as {new_role}. New leaders "
                       "usually review the pipeline in their first quarter; we help them start with clean "
                       "data.\n\nWorth a short call?\n\n{sender_name}\n")


def _reasons(values: dict, template: tuple[str, str], sentence: str) -> tuple[str, ...]:
    facts = tuple(Fact(f"test.{k}", k, v, "text", "test") for k, v in values.items())
    return reasons_with(DraftRequest("p", "a", *template, facts), sentence)


@pytest.mark.parametrize("sentence", [
    "Congrats on the new Head of Revenue Operations joining next month.",
    "Congrats on the new Head of Revenue Operations!",
    "Kudos on landing a new RevOps lead.",
    "Your new Head of Revenue Operations has started, so routing is on the table.",
    "The new hire is already on board, so routing is on the table.",
    "You've hired a Head of Revenue Operations, so routing is on the table.",
    "Congrats on filling the Head of Revenue Operations role.",
    "Once your new Head of Revenue Operations came on board, the pipeline changed.",
    "After your new Head of Revenue Operations started, routing got messy.",
    "When the new hire joined, routing got messy.",
    "Since your new Head of Revenue Operations has started, routing is on the table.",
    "When the new hire had joined, routing got messy.",
    "After you hired a Head of Revenue Operations, routing got messy.",
    "You hired a Head of Revenue Operations, so routing is on the table.",
    "Since you've hired a Head of Revenue Operations, routing is on the table.",
])
def test_a_hire_said_to_be_made_is_refused_on_a_hiring_signal(sentence):
    assert any(r.startswith("says a hire was made") for r in _reasons(HIRING, HIRING_TEMPLATE, sentence))


@pytest.mark.parametrize("sentence", [
    "Once the new hire starts, routing will get attention.",
    "Before your new Head of Revenue Operations starts, routing is worth a look.",
    "When the new hire joins, the pipeline will need a clean start.",
    "As soon as your new Head of Revenue Operations is on board, routing gets a review.",
    "After your new Head of Revenue Operations starts, routing gets a review.",
    "Once the new hire is starting, routing will get attention.",
    "Congrats on the new quarter.",
    "Once you've hired a Head of Revenue Operations, routing needs a review.",
    "When you've filled the role, routing is worth a look.",
    "Once your new Head of Revenue Operations has started, routing gets a review.",
    "When the new hire has joined, routing gets a review.",
])
def test_the_hire_to_come_passes_on_a_hiring_signal(sentence):
    assert _reasons(HIRING, HIRING_TEMPLATE, sentence) == ()


def test_a_new_leader_named_by_the_facts_may_be_congratulated_as_joined():
    assert _reasons(LEADERSHIP, LEADERSHIP_TEMPLATE, "Congrats on the new VP Marketing joining.") == ()


@pytest.mark.parametrize("sentence", [
    "Once your new Head of Revenue Operations came on board, the pipeline changed.",
    "After your new Head of Revenue Operations started, routing got messy.",
    "When your new Head of Revenue Operations was hired, routing got messy.",
])
def test_your_new_one_arrived_in_a_clause_of_time_is_still_a_new_role(sentence):
    assert "leadership claim not in the facts: 'your new'" in _reasons(HIRING, HIRING_TEMPLATE, sentence)
