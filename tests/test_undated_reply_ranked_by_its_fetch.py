"""A reply whose Date could not be read takes its place among her replies by when it was read from the
mailbox (``raw_replies.fetched_at``), as the escalations place it: interest with no Date, read before a
dated decline, is followed by that decline, so her send counts as a decline in `sdr status`,
``reply_rate_summary``, ``reply_performance`` and the funnel, and the account is no longer in
conversation (``replies_in_hand``). Read after the decline, the undated interest is her latest."""

from datetime import timedelta

import duckdb
import polars as pl
import pytest

from sdr_assets.ledger_counts import ledger_counts
from sdr_assets.performance import _per_send, funnel, performance
from sdr_assets.replies_in_hand import in_hand
from tests.test_performance import SENT, _summary, _warehouse_with_one_play


def _interest_undated(read_after_decline: bool) -> duckdb.DuckDBPyConnection:
    """k9's contact answered with interest in a message with no Date, and with a dated decline a day on;
    the interest was read two hours after our email, or two days after it."""
    con = _warehouse_with_one_play()
    con.execute("alter table reply_classifications add column play varchar default 'p'")
    con.execute("alter table reply_classifications add column contact_email varchar")
    con.execute("alter table reply_classifications add column reason varchar")
    con.execute("update reply_classifications set contact_email = 'c' || substr(send_key, 2) || '@acme.example'")
    con.execute("update reply_classifications set label = 'interested', received_at = null where send_key = 'k9'")
    con.execute("insert into reply_classifications values ('k9', 'human', 'not_interested', null, '<later@x.example>', "
                "null, ?, false, 'p', 'c9@acme.example', null)", [SENT + timedelta(days=1)])
    con.execute("create table raw_replies (message_id varchar, message_key varchar, raw blob, fetched_at timestamptz)")
    con.execute("insert into raw_replies select message_id, message_id, ''::blob, coalesce(received_at, ?) "
                "from reply_classifications",
                [SENT + timedelta(days=2 if read_after_decline else 0, hours=2)])
    con.execute("create table play_versions as select 'p' as play")
    return con


@pytest.fixture
def read_before_the_decline():
    return _interest_undated(read_after_decline=False)


def test_undated_interest_then_a_dated_decline_is_no_positive_reply_in_status_or_summary(read_before_the_decline):
    con = read_before_the_decline
    status = ledger_counts(con)["p"]
    assert status["positive_replies"] == 1, \
        f"her undated interest, read before her decline, stayed her outcome: {status['positive_replies']} positive"
    assert _summary(con)["positive_replies"] == 1


def test_undated_interest_then_a_dated_decline_is_a_decline_in_performance_and_funnel(read_before_the_decline):
    con = read_before_the_decline
    per_send = _per_send(con)
    row = performance(per_send).filter(~pl.col("simulated")).row(0, named=True)
    assert (row["positive_replies"], row["negative_replies"], row["contacts_positive"]) == (1, 1, 1), row
    assert funnel(con, per_send)["contacts_positive"].sum() == 1


def test_undated_interest_then_a_dated_decline_ends_the_conversation(read_before_the_decline):
    assert "c9@acme.example" not in in_hand(read_before_the_decline, ["p"]), \
        "her decline after her undated interest left her in hand"


def test_undated_interest_read_after_the_decline_is_her_latest():
    con = _interest_undated(read_after_decline=True)
    assert ledger_counts(con)["p"]["positive_replies"] == 2
    assert performance(_per_send(con)).row(0, named=True)["negative_replies"] == 0
    assert in_hand(con, ["p"]).get("c9@acme.example") == "interested"
