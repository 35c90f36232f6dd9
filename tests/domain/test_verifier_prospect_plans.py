"""The prospect's plans and what its money goes to ("the round will fund a push into enterprise",
"Helio Energy plans to sell GridSense across Europe"), each beside a fair twin: the facts restated,
rounds or teams in general, a question, a condition or our own plan. Judged through ``settle``, as
the drafts asset judges a model's draft."""

import pytest

from sdr_assets.domain.prospect_plans import plan_reasons
from tests.domain.truth_contexts import assert_stopped, assert_written

PLANS = [
    ("funding", "The Series B will fund a bigger partner program."),
    ("funding", "Kestrel Pay plans to open a second office next year."),
    ("funding", "You're set to double the sales floor after the raise."),
    ("funding", "The bulk of the money went to product, not sales."),
    ("funding", "Index Ventures put in the majority of the capital."),
    ("funding_old", "You intend to spend the Series A on a first sales team."),
    ("hiring", "Larkspur Analytics aims to rebuild routing before the new hire starts."),
    ("tech", "Your team is preparing to move every report into Snowflake."),
    ("leadership", "Ferrum Robotics is looking to sell into new markets."),
    ("launch", "The plan is to sell GridSense through partners."),
]

PLANS_FAIR = [
    ("funding", "Congratulations on the Series B led by Index Ventures."),
    ("funding", "A round like this often pays for more reps."),
    ("funding", "If some of the money goes to sales, outbound is a good place to start."),
    ("funding", "Curious how you're planning to turn the round into pipeline."),
    ("funding", "Where will the Series B go first?"),
    ("funding_old", "Whatever the Series A pays for next, pipeline will matter."),
    ("hiring", "Do you plan to have the new hire own routing?"),
    ("tech", "We plan the tables around the accounts your team cares about."),
    ("leadership", "If Ferrum Robotics is planning new markets, we can find the accounts."),
    ("launch", "We can plan the first campaign for GridSense with your team."),
]


@pytest.mark.parametrize("context, claim", PLANS)
def test_the_prospects_plans_and_where_its_money_goes_are_stopped(context, claim):
    assert_stopped(context, claim, "plan or use of money not in the facts")


@pytest.mark.parametrize("context, claim", PLANS_FAIR)
def test_facts_rounds_in_general_questions_conditions_and_our_plans_pass(context, claim):
    assert_written(context, claim)


def test_the_check_names_what_it_found():
    assert plan_reasons("The round will fund a push into enterprise.", "") == [
        "plan or use of money not in the facts (round will fund): The round will fund a push into enterprise."]
    assert plan_reasons("Acme plans to expand.", "", ("Acme",)) == [
        "plan or use of money not in the facts (plans to): Acme plans to expand."]


def test_the_grounds_saying_the_words_ground_them():
    assert plan_reasons("Acme plans to expand.", "acme plans to expand into spain", ("Acme",)) == []
