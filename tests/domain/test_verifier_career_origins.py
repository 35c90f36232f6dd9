"""Where the contact or the signal's person came from ("Maria joins from a big software company",
"you moved from marketing into sales"), each beside a fair twin: the role the facts give, newcomers
in general, a question, a condition, or things that come from somewhere. Judged through ``settle``,
as the drafts asset judges a model's draft."""

import pytest

from sdr_assets.domain.career_origins import origin_reasons
from tests.domain.truth_contexts import assert_stopped, assert_written

ORIGINS = [
    ("leadership", "Maria joins from a large logistics group."),
    ("leadership", "She came over from a robotics startup."),
    ("leadership", "Maria Lopez began her career in channel sales."),
    ("leadership", "Maria rose through the ranks of an automation vendor."),
    ("funding", "You transitioned from product into sales."),
    ("funding", "Maya comes from a payments background."),
    ("hiring", "Tom started out in customer success."),
    ("tech", "You came up through analytics, so data matters to you."),
    ("launch", "Lucia switched from engineering to sales."),
]

ORIGINS_FAIR = [
    ("leadership", "Maria joins Ferrum Robotics as Chief Revenue Officer."),
    ("leadership", "If Maria comes from a software company, she may want cleaner data."),
    ("leadership", "New sales leaders often come from bigger companies."),
    ("leadership", "Where was Maria before Ferrum Robotics?"),
    ("funding", "Data moves from HubSpot into the drafts without copy and paste."),
    ("funding", "We came to outbound from the data side."),
    ("hiring", "Whoever you hire as Head of Revenue Operations will come in from outside."),
    ("tech", "Tables arrive from us already shaped for Snowflake."),
    ("launch", "Accounts that fit GridSense come from our research."),
]


@pytest.mark.parametrize("context, claim", ORIGINS)
def test_where_a_person_of_the_facts_came_from_is_stopped(context, claim):
    assert_stopped(context, claim, "career of a person not in the facts")


@pytest.mark.parametrize("context, claim", ORIGINS_FAIR)
def test_roles_now_newcomers_in_general_questions_and_things_that_come_from_somewhere_pass(context, claim):
    assert_written(context, claim)


def test_the_check_names_what_it_found():
    assert origin_reasons("Maria joins from a bank.", "", lambda: ("Maria Lopez",)) == [
        "career of a person not in the facts (joins from): Maria joins from a bank."]


def test_the_grounds_saying_the_words_ground_them():
    grounds = "maria lopez joins from a bank"
    assert origin_reasons("Maria joins from a bank.", grounds, lambda: ("Maria Lopez",)) == []
