"""A conversation's outcome is its latest person reply: she wrote with interest, then declined ("we went
with another vendor, please close this out"), so her send counts as a decline, not as a positive reply
too, in `sdr status` (``ledger_counts``), ``reply_rate_summary``, ``reply_performance`` and the funnel's
people; and one who objected, then asked for a call, counts positive, no objection. A reply counts once
whatever she said before it; how many sends a person answered is unchanged."""

from datetime import timedelta

import polars as pl
import pytest

from sdr_assets.ledger_counts import ledger_counts
from sdr_assets.performance import _per_send, performance
from tests.test_performance import SENT, _summary, _warehouse_with_one_play


def _changed_minds(con, first: str, then: str, sub_reason: str | None = None):
    """k9's contact answered ``first``, then, a day later, ``then``; k8 stays interested."""
    con.execute("update reply_classifications set label = ?, sub_reason = ? where send_key = 'k9'",
                [first, sub_reason if first == "objection" else None])
    con.execute("insert into reply_classifications values ('k9', 'human', ?, null, '<later@x.example>', ?, ?, false)",
                [then, sub_reason if then == "objection" else None, SENT + timedelta(days=1)])
    return con


@pytest.fixture
def interest_then_decline():
    return _changed_minds(_warehouse_with_one_play(), "interested", "not_interested")


def test_interest_then_a_decline_is_no_positive_reply_in_status_or_summary(interest_then_decline):
    con = interest_then_decline
    status = ledger_counts(con)["p"]
    assert (status["human_replies"], status["positive_replies"]) == (2, 1), \
        f"her decline after her interest counted positive: {status['positive_replies']} positive replies"
    summary = _summary(con)
    assert (summary["human_replies"], summary["positive_replies"]) == (2, 1), summary


def test_interest_then_a_decline_is_a_decline_in_the_performance_table(interest_then_decline):
    row = performance(_per_send(interest_then_decline)).filter(~pl.col("simulated")).row(0, named=True)
    assert (row["human_replies"], row["positive_replies"], row["negative_replies"]) == (2, 1, 1), \
        "her send counted as both a positive and a negative reply"
    assert row["contacts_positive"] == 1, row["contacts_positive"]


def test_an_objection_then_interest_is_positive_and_no_objection():
    con = _changed_minds(_warehouse_with_one_play(), "objection", "interested", "timing")
    row = performance(_per_send(con)).filter(~pl.col("simulated")).row(0, named=True)
    assert (row["positive_replies"], row["objections"], row["objections_timing"]) == (2, 0, 0), row
    assert ledger_counts(con)["p"]["positive_replies"] == 2
