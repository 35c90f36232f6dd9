"""A buying event the API feed and an inbox file both report is one signal when neither row names its
source: the feed is a source of its own (its label), not the blank source of every unnamed file row,
so its row is kept as one more report of the file's signal, not as a second signal of the round."""

import json
import os
import time
from datetime import UTC, datetime

import duckdb
from http_server import Reply

from resources.signal_feed import HttpSignalFeed
from sdr_assets.signal_ingest import ingest

NOW = datetime(2026, 11, 20, 9, tzinfo=UTC)
ROUND = {"round": "Series B", "amount_usd": 20_000_000}
FILE_ROW = {"signal_id": "f-1", "company_domain": "acme.example", "signal_type": "funding",
            "observed_at": "2026-11-18T08:00:00Z", "attributes": ROUND, "detail": "Acme raised a $20M Series B"}
FEED_ROW = {"company_domain": "www.acme.example", "signal_type": "funding",
            "observed_at": "2026-11-18T15:00:00Z", "attributes": ROUND, "detail": "Series B for Acme: $20M"}


def test_the_feed_and_a_file_reporting_one_round_count_it_once(serve, tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    path = inbox / "vendor.jsonl"
    path.write_text(json.dumps(FILE_ROW) + "\n")
    at = time.time_ns() - 3_600_000_000_000
    os.utime(path, ns=(at, at))
    server = serve(lambda request: Reply(body={"data": [FEED_ROW], "next_cursor": None}))
    feed = HttpSignalFeed(name="funding", url=f"{server.url}/signals", backoff_seconds=0.01, timeout_seconds=2.0)
    con = duckdb.connect(":memory:")
    report = ingest(con, inbox, feed, NOW)
    assert con.execute("select signal_id from raw_signals").fetchall() == [("f-1",)]
    assert con.execute("select signal_id, source from merged_signal_reports").fetchall() == [("f-1", "http:funding")]
    assert (report.rows_in, report.reports.height) == (2, 1)
