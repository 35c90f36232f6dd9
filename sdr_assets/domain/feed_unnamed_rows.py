"""A feed's rows that name no source, as a warehouse stored them before the feed's label was their source.

Such a row was once stored under the blank source, its event key (and its id, when the feed gave none) made of
it. The feed hands back its last page on every run, so after the upgrade the same rows come back under the
feed's label with another key: they are rows already stored, not new events nor a second source's reports.
"""

from __future__ import annotations

from collections.abc import Callable

import polars as pl

from sdr_assets.domain.signals import FeedRead, event_key


def without_stored_unnamed(read: FeedRead, label: str, seen: Callable[[pl.Series], pl.Series]) -> FeedRead:
    """``read`` less the rows of ``label`` whose blank-source key ``seen`` says is a stored id or event,
    counted as duplicates."""
    frame = read.frame
    if not label or not frame.height:
        return read
    columns = ("source", "company_domain", "signal_type", "observed_at", "evidence_url", "detail")
    keys = pl.Series([event_key("", domain, kind, at, url or detail or "") if source == label else None
                      for source, domain, kind, at, url, detail in frame.select(columns).iter_rows()],
                     dtype=pl.String)
    stored = seen(keys).fill_null(False)
    if not stored.any():
        return read
    return FeedRead(frame.filter(~stored), read.quarantined, read.duplicates + int(stored.sum()), read.merged)
