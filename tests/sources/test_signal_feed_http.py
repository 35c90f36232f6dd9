"""The HTTP signal feed over a real server on 127.0.0.1: pagination, cursor, limit, retries and bad pages."""

import json
from datetime import UTC, datetime

import duckdb
import httpx
import pytest
from http_server import Reply

from resources.http_retry import FetchError, get_with_retries
from resources.signal_feed import HttpSignalFeed
from sdr_assets.signal_ingest import ingest

NOW = datetime(2026, 11, 20, 9, tzinfo=UTC)


@pytest.fixture
def inbox(tmp_path):
    return tmp_path / "inbox"


def record(n: int) -> dict:
    return {"company_domain": f"co{n}.example", "signal_type": "intent", "observed_at": "2026-11-18T10:00:00Z",
            "source": "intent-api", "detail": f"researching crm {n}", "attributes": {"topic": "crm", "score": 70}}


def cursor_api(records: list[dict], page_size: int = 3, token: str = "Bearer s3cret"):
    """Cursor pagination over ``records``; refuses requests without the token."""
    def route(request):
        if request.headers.get("authorization") != token:
            return Reply(401, {"error": "unauthorised"})
        start = int(request.query.get("cursor", "0"))
        size = int(request.query.get("limit", page_size))
        nxt = start + size if start + size < len(records) else None
        return Reply(body={"data": records[start:start + size], "next_cursor": None if nxt is None else str(nxt)})
    return route


def page_api(records: list[dict], page_size: int = 2):
    """Page-number pagination over ``records``, pages counted from 1; ``records`` may grow meanwhile."""
    def route(request):
        page = int(request.query["page"])
        return Reply(body={"data": records[(page - 1) * page_size:page * page_size]})
    return route


def feed(server, **settings) -> HttpSignalFeed:
    defaults = {"name": "intent", "url": f"{server.url}/signals", "auth_value": "Bearer s3cret", "page_size": 3,
                "backoff_seconds": 0.01, "timeout_seconds": 2.0}
    return HttpSignalFeed(**{**defaults, **settings})


def test_cursor_pages_are_read_in_order_and_the_cursor_lives_in_the_warehouse(serve, inbox):
    records = [record(n) for n in range(8)]
    server = serve(cursor_api(records))
    con = duckdb.connect(":memory:")
    first = ingest(con, inbox, feed(server, max_records_per_run=5), NOW)
    assert len(first.rows) == 6 and first.feed_stopped.startswith("per-run limit")
    assert con.execute("select state from signal_feed_state").fetchone() == ("6",)
    second = ingest(con, inbox, feed(server, max_records_per_run=5), NOW)
    assert len(second.rows) == 2 and second.feed_stopped == "caught up"
    assert [r.query.get("cursor") for r in server.requests] == [None, "3", "6"]
    records.append(record(8))
    third = ingest(con, inbox, feed(server), NOW)
    assert len(third.rows) == 1 and third.duplicates == 2, "the last page is read again, old rows merge away"
    assert con.execute("select count(*) from raw_signals").fetchone() == (9,)


def test_page_numbers_until_an_empty_page(serve, inbox):
    records = [record(n) for n in range(5)]

    server = serve(page_api(records))
    con = duckdb.connect(":memory:")
    report = ingest(con, inbox, feed(server, pagination="page", page_size=2), NOW)
    assert len(report.rows) == 5 and [r.query["page"] for r in server.requests] == ["1", "2", "3", "4"]
    assert con.execute("select state from signal_feed_state").fetchone() == ("3",)


def test_429_with_retry_after_is_honoured(serve, inbox):
    calls = []

    def route(request):
        calls.append(1)
        return Reply(429, {"error": "slow down"}, {"Retry-After": "7"}) if len(calls) < 3 else Reply(body={"ok": 1})

    server = serve(route)
    waits: list[float] = []
    with httpx.Client() as client:
        response = get_with_retries(client, server.url, attempts=4, backoff_seconds=0.1, sleep=waits.append)
    assert response.json() == {"ok": 1} and waits == [7.0, 7.0]


def test_500s_are_retried_with_backoff_and_then_give_up(serve, inbox):
    server = serve(lambda request: Reply(500, {"error": "boom"}))
    waits: list[float] = []
    with httpx.Client() as client, pytest.raises(FetchError, match="HTTP 500 after 3 attempts"):
        get_with_retries(client, server.url, attempts=3, backoff_seconds=0.5, sleep=waits.append)
    assert waits == [0.5, 1.0] and len(server.requests) == 3


def test_a_feed_that_keeps_failing_keeps_earlier_pages_and_its_cursor(serve, inbox):
    records = [record(n) for n in range(6)]
    good = cursor_api(records)

    def route(request):
        return Reply(503, {"error": "down"}) if request.query.get("cursor") == "3" else good(request)

    server = serve(route)
    con = duckdb.connect(":memory:")
    report = ingest(con, inbox, feed(server, max_attempts=2), NOW)
    assert len(report.rows) == 3 and "HTTP 503 after 2 attempts" in report.feed_stopped
    assert con.execute("select count(*) from raw_signals").fetchone() == (3,)


def test_a_timeout_is_retried(serve, inbox):
    calls = []

    def route(request):
        calls.append(1)
        return Reply(body={"data": [record(1)], "next_cursor": None}, delay=1.0 if len(calls) == 1 else 0)

    server = serve(route)
    report = ingest(duckdb.connect(":memory:"), inbox, feed(server, timeout_seconds=0.3), NOW)
    assert len(report.rows) == 1 and len(server.requests) == 2


def test_a_malformed_page_is_quarantined_and_bad_records_too(serve, inbox):
    def route(request):
        if request.query.get("cursor") == "2":
            return Reply(raw=b'{"data": [{"company_domain": ')
        return Reply(body={"data": [record(1), {**record(2), "attributes": {"topic": "crm", "score": "high"}}],
                           "next_cursor": "2"})

    server = serve(route)
    con = duckdb.connect(":memory:")
    report = ingest(con, inbox, feed(server), NOW)
    reasons = dict(con.execute("select source_file || ':' || line, reason from quarantined_signal_rows").fetchall())
    assert reasons == {"http:intent@start:2": "attributes.score must be a number, got str 'high'",
                       "http:intent@2:0": "page 2 is not valid JSON"}
    assert len(report.rows) == 1 and report.feed_stopped == "malformed page"
    again = ingest(con, inbox, feed(server), NOW)
    assert con.execute("select count(*) from quarantined_signal_rows").fetchone() == (2,), "no double count"
    assert again.duplicates == 1


def test_a_cursor_that_cannot_be_stored_stops_the_feed_at_its_page_as_a_failed_run_and_the_inbox_is_still_read(
        serve, inbox):
    def route(request):
        if request.query.get("cursor") == "2":  # JSON may escape a lone surrogate, which is no text
            return Reply(raw=('{"data": [%s], "next_cursor": "\\ud800"}' % json.dumps(record(2))).encode())
        return Reply(body={"data": [record(1)], "next_cursor": "2"})

    server = serve(route)
    inbox.mkdir()
    (inbox / "file.jsonl").write_text(json.dumps(record(3)) + "\n")
    con = duckdb.connect(":memory:")
    report = ingest(con, inbox, feed(server), NOW, settle_seconds=0)
    assert len(report.rows) == 3 and report.feed_stopped == ("the page at 2: its next_cursor cannot be stored "
                                                               "(not valid Unicode)")
    assert con.execute("select state from signal_feed_state").fetchone() == ("2",), "the next run starts at that page"
    assert report.feed_error == report.feed_stopped, "a feed stuck on a cursor is failing, not read"
    again = ingest(con, inbox, feed(server), NOW, settle_seconds=0)
    assert (len(again.rows), again.duplicates, again.feed_stopped) == (0, 1, report.feed_stopped)
    assert con.execute("select failed_runs, last_error from signal_feed_health").fetchone() == (2, report.feed_error)


def test_a_caught_up_cursor_feed_that_hands_back_its_cursor_stops(serve, inbox):
    records = [record(n) for n in range(3)]

    def route(request):
        cursor = request.query.get("cursor")
        if len(server.requests) > 50:  # a feed that never stops would otherwise hang the test
            return Reply(body={"data": [], "next_cursor": None})
        if cursor is None:
            return Reply(body={"data": records, "next_cursor": "tail-1"})
        return Reply(body={"data": [], "next_cursor": "tail-1"})

    server = serve(route)
    con = duckdb.connect(":memory:")
    report = ingest(con, inbox, feed(server), NOW)
    assert len(report.rows) == 3 and report.feed_stopped == "caught up"
    assert [r.query.get("cursor") for r in server.requests] == [None, "tail-1"]
    assert con.execute("select state from signal_feed_state").fetchone() == ("tail-1",)
    again = ingest(con, inbox, feed(server), NOW)
    assert again.feed_requests == 1 and again.feed_stopped == "caught up"


def test_an_empty_cursor_page_hands_on_its_cursor_and_a_cursor_that_comes_back_ends_the_run(serve, inbox):
    pages = {None: ([], "a"), "a": ([record(1)], "b"), "b": ([record(2)], "a")}

    def route(request):
        if len(server.requests) > 50:
            return Reply(body={"data": [], "next_cursor": None})
        data, nxt = pages[request.query.get("cursor")]
        return Reply(body={"data": data, "next_cursor": nxt})

    server = serve(route)
    con = duckdb.connect(":memory:")
    first = ingest(con, inbox, feed(server), NOW)
    assert first.feed_requests == 1 and first.feed_stopped == "caught up"
    assert con.execute("select state from signal_feed_state").fetchone() == ("a",)
    second = ingest(con, inbox, feed(server), NOW)
    assert len(second.rows) == 2 and second.feed_stopped == "caught up"
    assert [r.query.get("cursor") for r in server.requests] == [None, "a", "b"], "a came back: not asked twice"
    assert con.execute("select state from signal_feed_state").fetchone() == ("b",)


def test_requests_per_run_are_bounded_as_well_as_records(serve, inbox):
    def route(request):
        n = int(request.query.get("cursor", "0"))
        return Reply(body={"data": [record(n % 3)], "next_cursor": str(n + 1)})

    server = serve(route)
    con = duckdb.connect(":memory:")
    report = ingest(con, inbox, feed(server, max_requests_per_run=4), NOW)
    assert report.feed_stopped == "per-run limit of 4 requests" and len(server.requests) == 4
    assert len(report.rows) == 3 and report.duplicates == 1
    assert con.execute("select state from signal_feed_state").fetchone() == ("4",), "the next run goes on"


def test_a_page_the_limit_stops_on_is_read_again_when_it_was_short(serve, inbox):
    records = [record(n) for n in range(5)]

    server = serve(page_api(records))
    con = duckdb.connect(":memory:")
    first = ingest(con, inbox, feed(server, pagination="page", page_size=2, max_records_per_run=5), NOW)
    assert len(first.rows) == 5 and first.feed_stopped == "per-run limit of 5 records"
    assert con.execute("select state from signal_feed_state").fetchone() == ("3",)
    records.extend([record(5), record(6)])  # the first fills page 3, the second starts page 4
    ingest(con, inbox, feed(server, pagination="page", page_size=2, max_records_per_run=5), NOW)
    assert con.execute("select count(*) from raw_signals").fetchone() == (7,)
    assert [r.query["page"] for r in server.requests] == ["1", "2", "3", "3", "4", "5"]
    fresh = duckdb.connect(":memory:")
    ingest(fresh, inbox, feed(server, pagination="page", page_size=2, max_records_per_run=4), NOW)
    assert fresh.execute("select state from signal_feed_state").fetchone() == ("3",), "after a full page, the next"


def test_a_body_that_cannot_be_decoded_is_a_failed_attempt(serve, inbox):
    mislabelled = Reply(raw=b'{"data": []}', headers={"Content-Encoding": "gzip"})
    good = cursor_api([record(n) for n in range(6)])
    server = serve(lambda request: mislabelled if request.query.get("cursor") == "3" else good(request))
    con = duckdb.connect(":memory:")
    report = ingest(con, inbox, feed(server, max_attempts=2), NOW)
    assert "request failed (DecodingError" in report.feed_stopped and "after 2 attempts" in report.feed_stopped
    assert con.execute("select count(*) from raw_signals").fetchone() == (3,), "the page read before is kept"
    assert con.execute("select state from signal_feed_state").fetchone() is None
    assert [r.query.get("cursor") for r in server.requests] == [None, "3", "3"]


def test_a_retry_after_longer_than_the_client_waits_gives_up_at_once(serve, inbox):
    server = serve(lambda request: Reply(429, {"error": "slow down"}, {"Retry-After": "120"}))
    waits: list[float] = []
    with httpx.Client() as client, pytest.raises(FetchError, match="HTTP 429, rate limited for 120 s"):
        get_with_retries(client, server.url, attempts=4, max_backoff_seconds=30, sleep=waits.append)
    assert waits == [] and len(server.requests) == 1
    at_the_limit = serve(lambda request: Reply(503, {}, {"Retry-After": "30"}) if len(at_the_limit.requests) < 2
                         else Reply(body={"ok": 1}))
    with httpx.Client() as client:
        response = get_with_retries(client, at_the_limit.url, max_backoff_seconds=30, sleep=waits.append)
    assert response.json() == {"ok": 1} and waits == [30.0]


def test_a_token_with_a_line_break_stops_the_feed_at_once_without_showing_it(serve, inbox):
    # `echo token > file` leaves a line break that HTTP refuses in a header; its error quotes the header.
    server = serve(cursor_api([record(n) for n in range(3)]))
    con = duckdb.connect(":memory:")
    report = ingest(con, inbox, feed(server, auth_value="Bearer s3cret-t0ken\n", max_attempts=3), NOW)
    assert "a header holds a character HTTP does not allow" in report.feed_stopped
    assert "s3cret-t0ken" not in report.feed_stopped and server.requests == []
    waits: list[float] = []
    with httpx.Client(headers={"Authorization": "Bearer s3cret-t0ken\r\n"}) as client, \
            pytest.raises(FetchError, match="the request cannot be made") as refused:
        get_with_retries(client, server.url, attempts=4, sleep=waits.append)
    assert waits == [] and "s3cret-t0ken" not in str(refused.value), "not asked again: it cannot succeed"


def test_a_page_opening_with_a_byte_order_mark_is_read(serve, inbox):
    """A server that writes its JSON with a UTF-8 byte-order mark (as some .NET services do) gives its
    signals, not a page quarantined as malformed."""
    records = [record(n) for n in range(2)]
    body = b"\xef\xbb\xbf" + json.dumps({"data": records, "next_cursor": None}).encode()
    server = serve(lambda request: Reply(raw=body, headers={"Content-Type": "application/json; charset=utf-8"}))
    con = duckdb.connect(":memory:")
    result = ingest(con, inbox, feed(server), NOW)
    assert len(result.rows) == 2, result.feed_stopped
