"""A promotion or new seat wished to the reader without "your" claims the contact's new role, as "your
promotion" does: it passes only where the facts give the contact that role. Judged through ``settle``."""

import pytest

from tests.domain.truth_contexts import CONTEXTS, assert_stopped, assert_written, judge

PROMOTIONS = [
    ("hiring", "Congrats on the promotion to VP Sales, Tom."),
    ("hiring", "Congrats on the promotion, Tom."),
    ("hiring", "Congrats on the well-earned promotion."),
    ("hiring", "Congratulations on the move up to VP Sales."),
    ("hiring", "Congrats on making VP."),
    ("hiring", "How are you finding the VP Sales seat so far?"),
    ("hiring", "Hope the new gig is treating you well."),
    ("hiring", "Congrats on the move to Larkspur Analytics."),
    ("leadership", "Congrats on the step up to CEO."),
    ("leadership", "Congrats on stepping up to CEO."),
    ("leadership", "Hope the first weeks as CEO are going well."),
    ("tech", "Congratulations on the promotion."),
]

FAIR = [
    ("leadership", "Congrats on the appointment of Maria Lopez."),
    ("leadership", "Congrats on the new CRO appointment."),
    ("tech", "Congrats on the move to Snowflake."),
    ("funding", "Congrats on the step up in funding."),
]


@pytest.mark.parametrize("context, claim", PROMOTIONS, ids=[c for _, c in PROMOTIONS])
def test_a_promotion_of_the_contact_the_facts_do_not_give_is_stopped(context, claim):
    assert_stopped(context, claim, "; the facts say")


@pytest.mark.parametrize("context, claim", FAIR, ids=[c for _, c in FAIR])
def test_a_congratulation_on_someone_else_or_something_else_passes(context, claim):
    assert_written(context, claim)


def test_the_leader_the_signal_names_may_be_congratulated_on_the_promotion():
    leader = {**CONTEXTS["leadership"], "contact": {"first_name": "Maria", "last_name": "Lopez", "title": "CRO"}}
    with pytest.MonkeyPatch.context() as patch:
        patch.setitem(CONTEXTS, "leadership", leader)
        written, reasons = judge({"context": "leadership", "subject": "Ferrum Robotics's new Chief Revenue Officer",
                                  "body": "Hi Maria,\n\nCongrats on the promotion, Maria. We help Manufacturing teams "
                                          "run outbound that a person approves before it goes out.\n\nWorth a short "
                                          "call?\n\nNora Beck"})
    assert written, reasons
