"""A draft tells no habit or lack of the prospect's people that research never found: "Your reps
spend hours on lead lists", "You still run forecasting in spreadsheets", "Your team lacks a clean
data source" are held, as "your routing rules are out of date" is; what we cut for them ("the time
your reps spend on list building"), a guess, a condition and a question go out."""

import pytest

from tests.domain.truth_contexts import assert_stopped, assert_written

UNTRUE = [
    ("funding", "Your reps spend hours on lead lists every week."),
    ("funding", "I know your SDRs waste their mornings on spreadsheets."),
    ("hiring", "You still run forecasting in spreadsheets."),
    ("hiring", "Your team lacks a single source for account data."),
    ("tech", "Your analysts struggle with stale CRM exports."),
    ("launch", "Your reps still chase cold leads by hand."),
    ("leadership", "Dana, you spend too much time on lead lists."),
]

FAIR = [
    ("funding", "We cut the time your reps spend on list building."),
    ("funding", "We find the accounts your reps want to reach first."),
    ("hiring", "If you spend hours on lead lists, we can take that on."),
    ("hiring", "I imagine your reps spend time on lead lists."),
    ("tech", "How much time do your analysts spend on CRM exports?"),
]


@pytest.mark.parametrize("claim", [c for _, c in UNTRUE], ids=[c for _, c in UNTRUE])
def test_a_habit_or_lack_of_the_prospect_is_held(claim):
    context = next(c for c, said in UNTRUE if said == claim)
    assert_stopped(context, claim, "state of the prospect not in the facts")


@pytest.mark.parametrize("claim", [c for _, c in FAIR], ids=[c for _, c in FAIR])
def test_what_we_do_a_guess_a_condition_and_a_question_go_out(claim):
    context = next(c for c, said in FAIR if said == claim)
    assert_written(context, claim)
