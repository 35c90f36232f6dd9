"""Research reads only the ready accounts' signals, and finds for each account the signal the whole
table would give it: the last row of its (play, signal id), nulls and duplicates included."""

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from sdr_assets.research import signals_by_key

PLAYS = st.sampled_from(["a", "b", None])
IDS = st.sampled_from(["s1", "s2", "s3", None])


@settings(max_examples=150, deadline=None, database=None)
@given(st.lists(st.tuples(PLAYS, IDS), max_size=6), st.lists(st.tuples(PLAYS, IDS), max_size=12))
def test_the_ready_accounts_find_the_signal_the_whole_table_gives_them(account_keys, signal_keys):
    accounts = pl.DataFrame(account_keys, schema={"play": pl.String, "signal_id": pl.String}, orient="row")
    signals = pl.DataFrame([(p, s, n) for n, (p, s) in enumerate(signal_keys)],
                           schema={"play": pl.String, "signal_id": pl.String, "row": pl.Int64}, orient="row")
    whole = {(s["play"], s["signal_id"]): s for s in signals.iter_rows(named=True)}
    found = signals_by_key(accounts, signals)
    wanted = set(accounts.iter_rows())
    assert {key: row for key, row in whole.items() if key in wanted} == {
        key: row for key, row in found.items() if key in wanted}
    assert set(found) <= wanted or not accounts.height
