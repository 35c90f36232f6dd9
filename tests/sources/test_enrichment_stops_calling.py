"""An HTTP enrichment provider that says the rest of the run cannot succeed is not called again.

A ``Retry-After`` longer than the client waits, a request no server could be sent (a header with a
line break), or requests that in a row time out stop the run's calls: every domain left gets the
same error, uncached, without a call, and the next run asks again.
"""

from datetime import UTC, datetime, timedelta

from http_server import Reply
from memory_warehouse import Memory

from resources.address_checks import AddressChecks
from resources.enrichment import EnrichmentWaterfall, HttpEnrichment
from sdr_assets.enrichment_cache import run_waterfall

NOW = datetime(2026, 11, 20, 9, tzinfo=UTC)
CHECK = AddressChecks().checker()
DOMAINS = [f"co{n}.example" for n in range(10)]
SECRET = "sk-live-7f3a9c1d2e"


def provider(server, **settings) -> EnrichmentWaterfall:
    defaults = {"name": "crm", "base_url": server.url, "api_key": "k3y", "company_key": "data", "contacts_key": "people",
                "backoff_seconds": 0.01, "max_attempts": 2, "timeout_seconds": 2.0, "concurrency": 1}
    return EnrichmentWaterfall(http=HttpEnrichment(**{**defaults, **settings}))


def test_a_retry_after_of_an_hour_stops_the_calls_for_every_other_domain(serve):
    server = serve(lambda request: Reply(429, {"error": "quota"}, headers={"Retry-After": "3600"}))
    con = Memory()
    accounts, stats = run_waterfall(provider(server), DOMAINS, con, NOW, CHECK)
    assert len(server.requests) == 1 == stats.requests["http:crm"], "no call inside the provider's penalty"
    first = accounts["co0.example"].unenriched()
    assert "rate limited for 3600 s" in first["name"] and "rate limited for 3600 s" in first["contacts"]
    for domain in DOMAINS[1:]:
        assert "not asked, this run's calls stopped after /companies/co0.example: HTTP 429, rate limited for 3600 s" \
            in accounts[domain].unenriched()["name"]
    assert con.con.execute("select count(*) from enrichment_cache").fetchone()[0] == 0
    run_waterfall(provider(server), DOMAINS, con, NOW + timedelta(hours=2), CHECK)
    assert len(server.requests) == 2, "the next run asks again"


def test_requests_that_time_out_in_a_row_stop_the_calls(serve):
    server = serve(lambda request: Reply(body={"data": {"name": "Slow"}}, delay=0.5))
    accounts, _ = run_waterfall(provider(server, timeout_seconds=0.1, max_attempts=1), DOMAINS, Memory(), NOW, CHECK)
    # co0: company and contacts time out; co1's company is the third in a row.
    assert [r.path for r in server.requests] == ["/companies/co0.example", "/companies/co0.example/contacts",
                                                 "/companies/co1.example"]
    assert "timeout" in accounts["co0.example"].unenriched()["name"]
    assert "3 requests in a row timed out or found no connection" in accounts["co9.example"].unenriched()["name"]


def test_a_request_that_answers_ends_a_run_of_timeouts(serve):
    def route(request):
        slow = request.path.startswith(("/companies/co0.", "/companies/co2."))
        return Reply(body={"data": {"name": "Co"}, "people": []}, delay=1.0 if slow else 0)

    server = serve(route)
    # A wait the fast answers meet even on a loaded machine (at 0.1 s one timed out under a load of 30).
    accounts, _ = run_waterfall(provider(server, timeout_seconds=0.5, max_attempts=1), DOMAINS[:4], Memory(), NOW,
                                CHECK)
    assert [d for d, a in accounts.items() if a.known] == ["co1.example", "co3.example"]


def test_an_api_key_with_a_line_break_is_one_error_that_does_not_show_it(serve):
    # A key from a file written by `echo key > file` ends in a line break; HTTP refuses the header
    # and its error quotes it whole. Asking again, or about another domain, cannot help.
    server = serve(lambda request: Reply(body={"data": {"name": "Globex"}}))
    accounts, _ = run_waterfall(provider(server, api_key=SECRET + "\n"), DOMAINS, Memory(), NOW, CHECK)
    stored = repr([a.unenriched() for a in accounts.values()])
    assert SECRET not in stored
    assert "a header holds a character HTTP does not allow" in accounts["co0.example"].unenriched()["name"]
    assert "not asked" in accounts["co9.example"].unenriched()["name"]
    assert server.requests == []
