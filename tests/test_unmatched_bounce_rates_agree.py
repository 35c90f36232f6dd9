"""A hard bounce in a mail server's form that lost our Message-ID (matched to no send,
attributed to the latest message to that mailbox) must leave one reply rate everywhere."""

from datetime import timedelta

import polars as pl

from sdr_assets.ledger_counts import ledger_counts
from sdr_assets.performance import _per_send, performance
from tests.test_performance import SENT, _summary, _warehouse_with_one_play


def test_an_unmatched_server_bounce_leaves_one_reply_rate_for_status_summary_and_notebooks():
    with _warehouse_with_one_play() as con:
        con.execute("alter table reply_classifications add column recipients varchar")
        con.execute("alter table reply_classifications add column dsn boolean")
        # c5's message bounced hard; the server's report (from the null sender) kept none of our headers.
        con.execute("insert into reply_classifications values (null, 'bounce', null, true, '<dsn@mx.example>', "
                    "null, ?, false, '[\"c5@acme5.example\"]', true)", [SENT + timedelta(hours=1)])
        status = ledger_counts(con)["p"]
        summary = _summary(con)
        by_play = performance(_per_send(con)).select(pl.col("sent", "delivered", "hard_bounces").sum()).row(
            0, named=True)
    assert by_play["hard_bounces"] == 5, "the monitor's attribution: k5 bounced"
    assert status["delivered"] == summary["delivered"] == by_play["delivered"], (
        status["delivered"], summary["delivered"], by_play["delivered"])
    assert status["bounces"] == summary["bounces"] == by_play["hard_bounces"]
