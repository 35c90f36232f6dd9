"""The deduplicator keeps exactly the rows a one-by-one walk keeps, across feeds and seen rows."""

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from sdr_assets.domain.signals import NO_ROWS, Deduplicator, FeedRead

NAMES = st.sampled_from(["a", "b", "c", "d", "e"])
FEED = st.lists(st.tuples(NAMES, NAMES), max_size=12)


def _walk(seen: tuple[list, list], feeds: list[list[tuple[str, str]]]) -> list[list[tuple[str, str]]]:
    ids, events, out = set(seen[0]), set(seen[1]), []
    for feed in feeds:
        kept = []
        for signal_id, key in feed:
            if signal_id not in ids and key not in events:
                ids.add(signal_id)
                events.add(key)
                kept.append((signal_id, key))
        out.append(kept)
    return out


def _frame(rows: list[tuple[str, str]]) -> pl.DataFrame:
    return NO_ROWS.clear(len(rows)).with_columns(signal_id=pl.Series([r[0] for r in rows], dtype=pl.String),
                                                 event_key=pl.Series([f"k{r[1]}" for r in rows], dtype=pl.String))


@settings(max_examples=60, deadline=None)
@given(seen_ids=st.lists(NAMES, max_size=3), seen_events=st.lists(NAMES, max_size=3), feeds=st.lists(FEED, max_size=4))
def test_kept_rows_and_duplicates_match_the_walk(seen_ids, seen_events, feeds):
    dedup = Deduplicator(lambda: (seen_ids, [f"k{e}" for e in seen_events]))
    expected = _walk((seen_ids, seen_events), feeds)
    for feed, kept in zip(feeds, expected, strict=True):
        read = dedup.fresh(FeedRead(_frame(feed), duplicates=1))
        taken = list(zip(read.frame["signal_id"], read.frame["event_key"], strict=True))
        assert taken == [(i, f"k{k}") for i, k in kept]
        assert read.duplicates == 1 + len(feed) - len(kept)
