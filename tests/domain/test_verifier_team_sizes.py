"""A number the facts give the company (its headcount) or a role (its openings) is never the size of
one of the prospect's teams: "your 1,200-person sales team", "a sales team of 1,200" and "1,200 people
in sales" for Larkspur Analytics' 1,200 employees fall back to the approved template; the company
said to have them, and a team of ours, go out."""

import pytest

from sdr_assets.domain.team_sizes import team_size_reasons
from tests.domain.truth_contexts import assert_stopped, assert_written

UNTRUE = [
    "With a 1,200-person sales team, pipeline is a big job.",
    "A 1,200-strong engineering org needs clean data.",
    "With a sales team of 1,200, pipeline is a big job.",
    "With 1,200 people in sales, pipeline is a big job.",
    "A 2-person RevOps team cannot untangle routing alone.",
]

FAIR = [
    "With 1,200 people, pipeline is a big job.",
    "Your 1,200-strong team will feel the new hire quickly.",
]


@pytest.mark.parametrize("claim", UNTRUE)
def test_a_number_the_facts_give_the_company_said_of_a_team_is_held(claim):
    assert_stopped("hiring", claim, "size of a team of the prospect not in the facts")


@pytest.mark.parametrize("claim", FAIR)
def test_the_company_said_to_have_them_and_a_team_of_ours_go_out(claim):
    assert_written("hiring", claim)


def test_a_team_of_ours_is_none_of_the_prospects():
    assert team_size_reasons("Our 1,200-person data team built this.", "1,200 employees") == []
