"""A figure of the facts rounded down under a bound, or written with a scale, states what the facts
state; a bound the figure does not round to, or another noun, is still a number not in the facts."""

import pytest

from sdr_assets.domain.rounded_figures import as_grounds_figures
from tests.domain.truth_contexts import assert_stopped, assert_written


@pytest.mark.parametrize("context, claim", [
    ("hiring", "With over 1,000 people at Larkspur Analytics, routing gets complicated."),
    ("hiring", "At more than 1k people, routing gets complicated."),
    ("hiring", "At about 1.2k people, routing gets complicated."),
    ("funding", "At more than 300 people, outbound needs a process."),
    ("funding", "Over $25M is a serious round."),
])
def test_a_figure_rounded_down_under_a_bound_passes(context, claim):
    assert_written(context, claim)


@pytest.mark.parametrize("context, claim", [
    ("hiring", "With over 2,000 people at Larkspur Analytics, routing gets complicated."),
    ("hiring", "With over 1,000 customers, routing gets complicated."),
    ("funding", "At more than 400 people, outbound needs a process."),
    ("funding", "Over €25M is a serious round."),
])
def test_a_bound_the_facts_do_not_round_to_is_stopped(context, claim):
    assert_stopped(context, claim, "number not in the facts")


@pytest.mark.parametrize("said, grounds, read", [
    ("over 1,000 people", "1,200", "over 1,200 people"),
    ("over 1,100 people", "1,200", "over 1,100 people"),
    ("over 0 people", "1,200", "over 0 people"),
    ("about 1.2k people", "1,200", "about 1,200 people"),
    ("1,000 people", "1,200", "1,000 people"),
])
def test_only_a_bound_or_a_scale_is_read_as_the_facts_figure(said, grounds, read):
    assert as_grounds_figures(said, grounds) == read
