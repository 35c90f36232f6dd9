"""A rescreen round reads the stored rows of the reports it promoted that were not screened yet: the
same rows, in the same order, as filtering every row number seen, without listing them again."""

from datetime import UTC, datetime

import duckdb
import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from resources.tables import frame_of
from sdr_assets.signal_ingest import RAW_SIGNAL_SCHEMA, ensure_tables
from sdr_assets.signal_rescreen import _QUERY, _stood

AT = datetime(2026, 11, 1, tzinfo=UTC)


def _store(ids: list[str]) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect(":memory:")
    ensure_tables(con)
    rows = pl.DataFrame([{"signal_id": i, "event_key": f"e{n}", "company_domain": "acme.example",
                          "signal_type": "funding", "detail": "", "evidence_url": "", "observed_at": AT,
                          "source": "news", "attributes": "{}", "source_file": "f.jsonl", "source_line": n,
                          "ingested_at": AT} for n, i in enumerate(ids)], schema=RAW_SIGNAL_SCHEMA)
    con.register("_rows", rows)
    con.execute("insert into raw_signals by name select * from _rows")
    con.unregister("_rows")
    return con


class _Unlisted(set):
    """Row numbers that may be asked about but not listed: listing them is the cost per round."""

    def __iter__(self):
        raise AssertionError("the row numbers seen were listed")


@settings(max_examples=60, deadline=None)
@given(ids=st.lists(st.sampled_from("abcdef"), min_size=0, max_size=12),
       promoted=st.lists(st.sampled_from("abcdefg"), max_size=4), seen_bits=st.lists(st.booleans(), max_size=12))
def test_the_stood_rows_are_those_not_seen_in_the_stored_order(ids, promoted, seen_bits):
    con = _store(ids)
    numbers = [n for (n,) in con.execute("select rowid from raw_signals order by rowid").fetchall()]
    seen = {n for n, bit in zip(numbers, seen_bits) if bit}
    every = frame_of(con, _QUERY.format("where signal_id in (select unnest(?::varchar[]))"), [promoted])
    expected = every.filter(~pl.col("row_number").is_in(list(seen)))
    assert _stood(con, promoted, _Unlisted(seen)).equals(expected)
