"""A person's outcome in a play is her latest reply across her sends: interest on step 1's thread, then a
decline on step 2's, counts her as no positive contact in ``reply_performance`` (``contacts_positive``)
and the funnel, as each send counts its own latest reply; a decline, then interest on the later
thread, counts her positive."""

from datetime import timedelta

import pytest

from sdr_assets.performance import _per_send, funnel, performance
from tests.test_performance import SENT, _warehouse_with_one_play


def _two_threads(first: str, then: str):
    """c9 answered step 1 with ``first``; step 2 went three days on, and she answered it with ``then``."""
    con = _warehouse_with_one_play()
    con.execute("update reply_classifications set label = ? where send_key = 'k9'", [first])
    con.execute("insert into send_ledger select * replace ('k10' as send_key, 2 as step, ? as sent_at) "
                "from send_ledger where send_key = 'k9'", [SENT + timedelta(days=3)])
    con.execute("insert into reply_classifications values ('k10', 'human', ?, null, '<step2@x.example>', null, ?, false)",
                [then, SENT + timedelta(days=4)])
    con.execute("create table play_versions as select 'p' as play")
    return con


@pytest.mark.parametrize(("first", "then", "positive"), [("interested", "not_interested", 1),
                                                         ("not_interested", "interested", 2)])
def test_her_latest_reply_across_her_sends_is_her_outcome(first, then, positive):
    con = _two_threads(first, then)
    per_send = _per_send(con)
    assert int(performance(per_send)["contacts_positive"].sum()) == positive, \
        f"{first} on step 1, then {then} on step 2: contacts_positive is not her latest reply"
    assert int(funnel(con, per_send)["contacts_positive"].sum()) == positive
