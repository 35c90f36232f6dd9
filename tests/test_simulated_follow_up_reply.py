"""A reply counts in the rows of the message it answers: a simulated reply to a follow-up is no real
reply of the contact's trial, though her first email went out for real."""

import polars as pl

from sdr_assets.performance import performance
from tests.test_variant_trials_are_people import _frame, _send


def test_a_simulated_reply_to_a_follow_up_is_not_a_real_trial_reply():
    """Her first email is real and unanswered; the market answered her follow-up."""
    perf = performance(_frame([_send("ana", "a", 1), _send("ana", "a", 2, human=True, simulated=True)]))
    real = perf.filter(~pl.col("simulated")).select(pl.col("contacts", "contacts_replied", "human_replies").sum())
    simulated = perf.filter(pl.col("simulated")).select(pl.col("contacts_replied", "human_replies").sum())
    assert real.row(0) == (1, 0, 0), "the real rows count her trial, unanswered"
    assert simulated.row(0) == (1, 1), "the simulated reply is filed under the follow-up it answers"


def test_a_real_reply_to_a_follow_up_counts_on_the_real_first_email():
    perf = performance(_frame([_send("bo", "a", 1), _send("bo", "a", 2, human=True)]))
    assert perf.filter(pl.col("step") == 1).select("contacts", "contacts_replied").row(0) == (1, 1)
    assert not perf["simulated"].any()
