"""Others we are said to have served ("we helped another energy company", "several logistics teams
get their data from us"), each beside a fair twin: what we help with or do, what teams in general
do, a question, a condition or an offer. Judged through ``settle``, as the drafts asset judges a
model's draft."""

import pytest

from sdr_assets.domain.served_others import served_others_reasons
from tests.domain.truth_contexts import assert_stopped, assert_written

SERVED_OTHERS = [
    ("funding", "We helped another card issuer set up outbound after its raise."),
    ("funding", "We've worked with other payments teams right after a Series B."),
    ("funding", "Many fintech companies already send their outbound through us."),
    ("funding_old", "We built the outbound for several clinics last year."),
    ("hiring", "We untangled routing for teams far larger than yours."),
    ("hiring", "Most analytics firms of your size buy their data from us."),
    ("tech", "We delivered the same tables to another shipping company."),
    ("tech", "Some logistics companies already get their signal data from us."),
    ("leadership", "We ran outbound for other robotics firms through a change at the top."),
    ("launch", "We found accounts for a solar startup within weeks of its launch."),
    ("launch", "Plenty of utilities rely on us for accounts."),
]

SERVED_OTHERS_FAIR = [
    ("funding", "We help payments teams set up outbound after a raise."),
    ("funding", "Sales teams use us to research accounts and draft first emails."),
    ("funding", "Many fintech teams use a round to build pipeline."),
    ("funding_old", "We can set up outbound for your team."),
    ("hiring", "We could untangle routing before the new hire joins."),
    ("hiring", "Your reps would get a clean pipeline from us."),
    ("tech", "Your team would get the signal data from us as tables."),
    ("tech", "Shipping companies often want account data in Snowflake."),
    ("leadership", "Would your team want to see how the approval step works?"),
    ("launch", "We find the accounts that fit a launch like this."),
    ("launch", "If utilities are your market, we can start there."),
    ("launch", "Talk to us whenever the timing suits you."),
    ("funding", "We designed the approval step for teams that sign off every message."),
]


@pytest.mark.parametrize("context, claim", SERVED_OTHERS)
def test_others_we_are_said_to_have_served_are_stopped(context, claim):
    assert_stopped(context, claim, "others we served not in the facts")


@pytest.mark.parametrize("context, claim", SERVED_OTHERS_FAIR)
def test_what_we_help_with_what_teams_do_asked_or_offered_pass(context, claim):
    assert_written(context, claim)


def test_the_check_names_what_it_found():
    assert served_others_reasons("We helped another retailer grow.", "") == [
        "others we served not in the facts (We helped): We helped another retailer grow."]
    assert served_others_reasons("Other retailers get leads from us.", "") == [
        "others we served not in the facts (from us): Other retailers get leads from us."]


def test_the_grounds_saying_the_words_ground_them():
    assert served_others_reasons("We've helped 40 fintech teams.", "we've helped 40 fintech teams") == []
    assert served_others_reasons("We help retailers grow.", "") == []
