"""A draft claims no long acquaintance of the sender's with the prospect, nor praise of them heard,
that research never found: "I've been following Kestrel Pay for a while", "I'm a big fan of your
product", "I hear great things about your team" are held; a fan of something else, a follow-up, a
question and a condition go out."""

import pytest

from tests.domain.truth_contexts import assert_stopped, assert_written

UNTRUE = [
    ("funding", "I have been following Kestrel Pay for a while."),
    ("funding", "I've been following your journey for years."),
    ("funding", "I'm a big fan of your product."),
    ("funding", "I'm a longtime admirer of Kestrel Pay."),
    ("funding", "I hear great things about your team."),
    ("funding", "Everyone I talk to raves about Kestrel Pay."),
    ("hiring", "Your reputation precedes you."),
    ("launch", "We've watched Helio Energy closely since the start."),
]

FAIR = [
    ("funding", "I'm a big fan of short emails, so here is mine."),
    ("funding", "I'm following up on a note about pipeline."),
    ("funding", "I've been following the payments market for years."),
    ("funding", "If you are a fan of clean data, this helps."),
    ("funding", "Are you a fan of weekly pipeline reviews?"),
]


@pytest.mark.parametrize("claim", [c for _, c in UNTRUE], ids=[c for _, c in UNTRUE])
def test_an_acquaintance_or_praise_heard_is_held(claim):
    context = next(c for c, said in UNTRUE if said == claim)
    assert_stopped(context, claim, "familiarity with the prospect not in the facts")


@pytest.mark.parametrize("claim", [c for _, c in FAIR], ids=[c for _, c in FAIR])
def test_other_fans_a_follow_up_a_question_and_a_condition_go_out(claim):
    context = next(c for c, said in FAIR if said == claim)
    assert_written(context, claim)
