"""Five families of claims about the prospect or our terms, each beside its fair twins: what their
people are made of ("your sales team is mostly new hires"), a promise that we ask no work ("with no
engineering work"), how a time of theirs went ("after a tough year"), how buyers want what they sell
("utilities are lining up to buy GridSense") and what the one who held a role before did ("your VP
Sales before you set up HubSpot"); and four claim words in a sense that claims nothing (a job post we
would write, an interview to hold, a change of leader, companies that plan to hire). Judged through
``settle``, as the drafts asset judges a model's draft."""

import pytest

from sdr_assets.domain.effort_promises import effort_reasons
from sdr_assets.domain.hard_periods import period_reasons
from sdr_assets.domain.job_senses import without_job_senses
from sdr_assets.domain.predecessors import earlier_holder_reasons
from sdr_assets.domain.product_demand import demand_reasons
from sdr_assets.domain.team_makeup import makeup_reasons
from tests.domain.truth_contexts import assert_stopped, assert_written

UNTRUE = [
    ("funding", "Your sales team is mostly new hires.", "make-up of the prospect's people"),
    ("hiring", "Most of Larkspur's reps joined in the last six months.", "make-up of the prospect's people"),
    ("tech", "Your data team is almost entirely contractors.", "make-up of the prospect's people"),
    ("launch", "Half of your sellers are junior.", "make-up of the prospect's people"),
    ("tech", "Our tables load straight into Snowflake with no engineering work.", "promise of no work"),
    ("funding", "Getting started takes minimal setup effort.", "promise of no work"),
    ("hiring", "The drafts land in your CRM without any help from your IT team.", "promise of no work"),
    ("launch", "It is plug and play for the GridSense team.", "promise of no work"),
    ("leadership", "After a tough year, a new CRO makes sense.", "how a time of the prospect's went"),
    ("funding", "On the back of a record quarter, the round makes sense.", "how a time of the prospect's went"),
    ("hiring", "The last quarter was slow for the sales team.", "how a time of the prospect's went"),
    ("launch", "Utilities are lining up to buy GridSense.", "demand for the prospect"),
    ("launch", "GridSense has a waiting list already.", "demand for the prospect"),
    ("funding", "Merchants keep clamouring for Kestrel Pay.", "demand for the prospect"),
    ("funding", "Your VP Sales before you set up HubSpot.", "earlier holder of a role"),
    ("leadership", "Maria's predecessor left the pipeline in good shape.", "earlier holder of a role"),
    ("hiring", "Whoever had the job before built the routing in spreadsheets.", "earlier holder of a role"),
    ("hiring", "According to the job post, the new hire will own forecasting.", "press claim"),
    ("leadership", "Maria gave an interview about her plans for the sales team.", "press claim"),
    ("launch", "Helio Energy is the leader in smart grid software.", "ranking claim"),
    ("tech", "Northwind Freight hired a new data engineer last month.", "hiring claim"),
]

FAIR = [
    ("funding", "Teams that are mostly new hires need clean account data from day one."),
    ("hiring", "If most of your reps are new, routing matters even more."),
    ("tech", "Is your data team mostly in-house or contractors?"),
    ("launch", "Our own team is largely former sellers."),
    ("tech", "How much engineering work is the Snowflake move taking?"),
    ("funding", "Without clean data, reps often lose hours to manual list building."),
    ("hiring", "If setup is a worry, we can walk through it together."),
    ("tech", "Loading the tables takes a little work upfront, and we do it with your team."),
    ("leadership", "After a leadership change, the first quarter usually sets the tone."),
    ("funding", "A tough year for fintech buyers means outbound has to be careful."),
    ("hiring", "Has it been a slow year for hiring?"),
    ("launch", "We find the utilities most likely to want GridSense."),
    ("launch", "Is demand for GridSense strongest in Spain?"),
    ("funding", "Buyers usually line up vendors before a round closes."),
    ("funding", "Demand for clean account data is high, so your reps need it early."),
    ("funding", "Check with your VP Sales before you set up a call, if that helps."),
    ("tech", "Your team can try the tables before you commit to anything."),
    ("hiring", "Your VP Sales before the board meeting will ask who owns routing."),
    ("hiring", "We can write the post for the Head of Revenue Operations role if useful."),
    ("leadership", "If Maria plans an interview with the team, we can share the data first."),
    ("leadership", "We help manufacturing teams through a change of leader."),
    ("funding_old", "Companies that plan to hire reps after a round start with clean data."),
]


@pytest.mark.parametrize("context, claim, why", UNTRUE)
def test_their_make_up_a_promise_of_no_work_a_time_judged_demand_and_an_earlier_holder_are_stopped(context, claim, why):
    assert_stopped(context, claim, why)


@pytest.mark.parametrize("context, claim", FAIR)
def test_teams_in_general_our_own_a_question_a_condition_and_other_senses_pass(context, claim):
    assert_written(context, claim)


def test_the_grounds_saying_the_same_words_ground_them():
    assert makeup_reasons("Your team is mostly new hires.", "Your team is mostly new hires.") == []
    assert effort_reasons("It needs no engineering work.", "our tables need no engineering work") == []
    assert period_reasons("After a tough year, a change.", "after a tough year for the company") == []
    assert demand_reasons("Utilities are lining up to buy GridSense.", "utilities are lining up to buy GridSense",
                          ("GridSense",)) == []
    assert earlier_holder_reasons("Your predecessor chose HubSpot.", "your predecessor chose HubSpot") == []


def test_the_checks_name_what_they_found():
    assert makeup_reasons("Your reps are mostly new hires.", "") == [
        "make-up of the prospect's people not in the facts: 'your reps are mostly new hires'"]
    assert period_reasons("It was a rough year.", "") == [
        "how a time of the prospect's went, not in the facts: 'rough year'"]
    assert without_job_senses("we can draft the job post.") == "we can draft the job     ."
