"""A warehouse that stored a feed's unnamed rows under the blank source, before the feed named them with its
label, sees those rows as already stored when the feed hands them back (as it does its last page on every
run): no second signal of the same intent, no second report of the same round."""

import os
import time
from datetime import UTC, datetime

import duckdb
from http_server import Reply

import sdr_assets.signal_ingest as signal_ingest
from resources.signal_feed import HttpSignalFeed
from sdr_assets.domain.signals import validate_records
from sdr_assets.signal_ingest import ingest

NOW = datetime(2026, 11, 20, 9, tzinfo=UTC)
ROWS = [
    {"company_domain": "acme.example", "signal_type": "funding", "observed_at": "2026-11-18T15:00:00Z",
     "attributes": {"round": "Series B", "amount_usd": 20_000_000}, "detail": "Series B for Acme: $20M"},
    {"company_domain": "initech.example", "signal_type": "intent", "observed_at": "2026-11-18T15:00:00Z",
     "attributes": {"topic": "revenue operations", "score": 80}, "detail": "Initech researches revenue operations"},
]


def test_feed_rows_stored_under_the_blank_source_are_not_new_after_the_upgrade(serve, tmp_path, monkeypatch):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    server = serve(lambda request: Reply(body={"data": ROWS, "next_cursor": None}))
    feed = HttpSignalFeed(name="funding", url=f"{server.url}/signals", backoff_seconds=0.01, timeout_seconds=2.0)
    con = duckdb.connect(":memory:")
    with monkeypatch.context() as before:  # the release that gave an unnamed feed row the blank source
        before.setattr(signal_ingest, "validate_records", lambda name, records, now, source="": validate_records(
            name, records, now))
        ingest(con, inbox, feed, NOW)
    stored = con.execute("select signal_id, source from raw_signals order by signal_id").fetchall()
    assert [source for _, source in stored] == ["", ""]
    report = ingest(con, inbox, feed, NOW)
    assert con.execute("select signal_id, source from raw_signals order by signal_id").fetchall() == stored
    assert con.execute("select count(*) from merged_signal_reports").fetchone() == (0,)
    assert report.reports.height == 0
