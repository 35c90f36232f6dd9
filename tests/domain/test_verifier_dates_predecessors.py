"""Dates said in words, a predecessor, and a round called new or barely dry are claims the facts must
hold; a time the sender offers, a round still news and a title with no one before it pass. Judged
through ``settle``, which knows whether research finds the signal news."""

import pytest

from tests.domain.truth_contexts import assert_stopped, assert_written

UNTRUE = [
    ("hiring", "The role has been open since spring.", "date not in the facts"),
    ("funding", "You closed the round last autumn.", "date not in the facts"),
    ("funding", "The round closed earlier this year.", "date not in the facts"),
    ("funding", "The round closed over the holidays.", "date not in the facts"),
    ("leadership", "Maria joined back in the fall.", "date not in the facts"),
    ("launch", "GridSense has been live since the new year.", "date not in the facts"),
    ("hiring", "Your last Head of Revenue Operations left after a few months.", "predecessor"),
    ("leadership", "The previous Chief Revenue Officer left in a hurry.", "predecessor"),
    ("leadership", "Since Maria took over sales from you, things must have changed.", "predecessor"),
    ("funding_old", "Congrats on the new round.", "recency"),
    ("funding_old", "With the ink barely dry on the Series A, planning starts now.", "recency"),
    ("funding_old", "Only days after your Series A, planning starts now.", "recency"),
]

FAIR = [
    ("funding", "Worth a call before the summer?"),
    ("funding", "Happy to talk after the holidays if that suits you better."),
    ("funding", "Congrats on the new round."),
    ("leadership", "A new Chief Revenue Officer usually reviews how pipeline is built."),
    ("funding", "When reply rates fall, the board asks why."),
]


@pytest.mark.parametrize("context, claim, why", UNTRUE, ids=[c for _, c, _ in UNTRUE])
def test_a_word_date_a_predecessor_or_stale_news_is_stopped(context, claim, why):
    assert_stopped(context, claim, why)


@pytest.mark.parametrize("context, claim", FAIR, ids=[c for _, c in FAIR])
def test_an_offered_time_fresh_news_and_a_title_of_no_one_pass(context, claim):
    assert_written(context, claim)
