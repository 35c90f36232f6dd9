"""The enrichment waterfall over a real HTTP provider on 127.0.0.1: provenance, cache and TTL, failures.

Calls are counted on the server side.
"""

import time
from datetime import UTC, datetime, timedelta

import pytest
from http_server import Reply
from memory_warehouse import Memory

from resources.address_checks import AddressChecks
from resources.enrichment import EnrichmentWaterfall, HttpEnrichment, LocalDirectoryEnrichment
from sdr_assets.enrichment_cache import run_waterfall
from sdr_assets.enrichment_quarantine import store_quarantine

NOW = datetime(2026, 11, 20, 9, tzinfo=UTC)
CHECK = AddressChecks().checker()

LOCAL_COMPANIES = """domain,name,industry,employees,country,tech_stack
acme.example,Acme,Software,120,US,"Salesforce,Outreach"
globex.example,Globex,,,,
"""
LOCAL_CONTACTS = """contact_id,company_domain,first_name,last_name,title,seniority,department,email,linkedin_url
c1,acme.example,Ann,Lee,VP Sales,vp,Sales,ann.lee@acme.example,
"""


def person(n: int, domain: str) -> dict:
    # A provider that does not repeat the company's domain in its contacts, nor gives ids.
    return {"first_name": f"P{n}", "last_name": "Doe", "job": {"title": "Head of Data"}, "seniority": "director",
            "department": "Data", "email": f"p{n}.doe@{domain}"}


def provider_api(companies: dict, contacts: dict, page_size: int = 2, failures: dict | None = None):
    """``/companies/{d}`` and cursor-paged ``/companies/{d}/contacts``; ``failures[path]`` scripts errors."""
    failures = failures or {}

    def route(request):
        if request.headers.get("x-api-key") != "k3y":
            return Reply(401, {"error": "unauthorised"})
        script = failures.get(request.path)
        if script:
            return script(request)
        parts = request.path.strip("/").split("/")
        domain = parts[1]
        if len(parts) == 2:
            return Reply(body={"data": companies[domain]}) if domain in companies else Reply(404, {"error": "unknown"})
        people = contacts.get(domain, [])
        start = int(request.query.get("cursor", "0"))
        nxt = start + page_size if start + page_size < len(people) else None
        return Reply(body={"people": people[start:start + page_size], "next": nxt})
    return route


def http_provider(server, **settings) -> HttpEnrichment:
    defaults = {"name": "crm", "base_url": server.url, "api_key": "k3y", "auth_header": "X-Api-Key", "auth_prefix": "",
                "company_key": "data", "contacts_key": "people", "cursor_key": "next",
                "field_map": {"employees": "metrics.headcount", "title": "job.title"},
                "backoff_seconds": 0.01, "max_attempts": 2, "timeout_seconds": 2.0}
    return HttpEnrichment(**{**defaults, **settings})


@pytest.fixture
def reference(tmp_path):
    (tmp_path / "companies.csv").write_text(LOCAL_COMPANIES)
    (tmp_path / "contacts.csv").write_text(LOCAL_CONTACTS)
    return str(tmp_path)


def waterfall(reference, server, **settings) -> EnrichmentWaterfall:
    return EnrichmentWaterfall(local=LocalDirectoryEnrichment(directory=reference), http=http_provider(server, **settings))


GLOBEX = {"name": "Globex Corp", "industry": "Manufacturing", "metrics": {"headcount": 800}, "country": "DE",
          "tech_stack": "Snowflake"}


def test_each_field_comes_from_the_first_provider_that_has_it_and_says_which(serve, reference):
    server = serve(provider_api({"globex.example": GLOBEX}, {"globex.example": [person(n, "globex.example") for n in range(3)]}))
    con = Memory()
    accounts, stats = run_waterfall(waterfall(reference, server), ["acme.example", "globex.example"], con, NOW, CHECK)
    acme, globex = accounts["acme.example"], accounts["globex.example"]
    # acme is complete locally: the provider is never asked about it.
    assert set(acme.provenance.values()) == {"local"} and acme.asked == ["local"]
    assert all("acme" not in r.path for r in server.requests)
    assert globex.provenance == {"name": "local", "industry": "http:crm", "employees": "http:crm",
                                 "country": "http:crm", "tech_stack": "http:crm", "contacts": "http:crm"}
    assert globex.values["name"] == "Globex" and globex.values["employees"] == 800
    assert globex.sources() == "local, http:crm"
    # Three contacts over two pages, each joined to the domain it was asked for, titles mapped.
    assert [c["company_domain"] for c in globex.contacts] == ["globex.example"] * 3
    assert [c["title"] for c in globex.contacts] == ["Head of Data"] * 3
    assert len({c["contact_id"] for c in globex.contacts}) == 3
    assert [r.query.get("cursor") for r in server.requests if r.path.endswith("/contacts")] == [None, "2"]
    assert stats.requests == {"http:crm": 3} == {"http:crm": len(server.requests)}


def test_a_rerun_within_the_ttl_makes_no_call_and_an_expired_entry_is_fetched_again(serve, reference):
    server = serve(provider_api({"globex.example": GLOBEX, "initech.example": {**GLOBEX, "name": "Initech"}},
                                {"globex.example": [person(1, "globex.example")]}))
    con = Memory()
    domains = ["globex.example", "initech.example", "nowhere.example"]
    first, stats = run_waterfall(waterfall(reference, server), domains, con, NOW, CHECK)
    calls = len(server.requests)
    # globex: company + contacts; initech: company + contacts (empty); nowhere: 404, no contacts call.
    assert calls == 5 == stats.requests["http:crm"]
    again, stats = run_waterfall(waterfall(reference, server), domains, con, NOW + timedelta(days=29), CHECK)
    assert len(server.requests) == calls and stats.requests["http:crm"] == 0
    assert stats.cache_hits["http:crm"] == 3  # "not found" is an answer too, and cached
    assert again["globex.example"].provenance == first["globex.example"].provenance
    assert again["globex.example"].contacts == first["globex.example"].contacts
    assert not again["nowhere.example"].known and not again["nowhere.example"].unenriched()
    later = NOW + timedelta(days=31)
    _, stats = run_waterfall(waterfall(reference, server), domains, con, later, CHECK)
    assert len(server.requests) == 2 * calls and stats.cache_hits["http:crm"] == 0
    fetched = con.con.execute("select distinct fetched_at from enrichment_cache").fetchall()
    assert [f[0].astimezone(UTC) for f in fetched] == [later]


def test_429_waits_for_retry_after_then_succeeds(serve, reference):
    answered = []

    def slow_down(request):
        answered.append(request)
        if len(answered) == 1:
            return Reply(429, {"error": "slow down"}, headers={"Retry-After": "0.3"})
        return Reply(body={"data": GLOBEX})

    server = serve(provider_api({}, {}, failures={"/companies/globex.example": slow_down}))
    accounts, _ = run_waterfall(waterfall(reference, server), ["globex.example"], Memory(), NOW, CHECK)
    assert accounts["globex.example"].values["industry"] == "Manufacturing"
    first, second = answered
    assert second.at - first.at >= 0.29  # the server's wait, not the 0.01 s backoff


def test_provider_errors_mark_fields_unenriched_with_the_reason_and_are_not_cached(serve, reference):
    failures = {
        "/companies/initech.example": lambda r: Reply(500, {"error": "boom"}),
        "/companies/hooli.example": lambda r: Reply(raw=b'{"data": {"name": "Hoo'),
        "/companies/umbrella.example": lambda r: Reply(body={"data": GLOBEX}, delay=0.6),
        "/companies/soylent.example": lambda r: Reply(raw=b'{"data": {}}', headers={"Content-Encoding": "gzip"}),
        "/companies/globex.example/contacts": lambda r: Reply(body={"people": ["not a contact", 7]}),
    }
    server = serve(provider_api({"globex.example": GLOBEX}, {}, failures=failures))
    con = Memory()
    domains = ["globex.example", "hooli.example", "initech.example", "soylent.example", "umbrella.example"]
    accounts, _ = run_waterfall(waterfall(reference, server, timeout_seconds=0.2), domains, con, NOW, CHECK)
    assert "HTTP 500 after 2 attempts" in accounts["initech.example"].unenriched()["name"]
    assert "request failed (DecodingError" in accounts["soylent.example"].unenriched()["name"]
    assert "malformed JSON" in accounts["hooli.example"].unenriched()["name"]
    assert "timeout" in accounts["umbrella.example"].unenriched()["name"]
    assert "not a JSON object" in accounts["globex.example"].unenriched()["contacts"]
    assert accounts["globex.example"].values["industry"] == "Manufacturing"
    # 500, timeouts and undecodable bodies were retried (2 attempts); every failed answer is asked
    # again next run.
    assert sum(r.path == "/companies/initech.example" for r in server.requests) == 2
    assert sum(r.path == "/companies/soylent.example" for r in server.requests) == 2
    assert con.con.execute("select count(*) from enrichment_cache").fetchone()[0] == 0
    before = len(server.requests)
    run_waterfall(waterfall(reference, server, timeout_seconds=0.2), domains, con, NOW, CHECK)
    assert len(server.requests) > before


def test_domains_are_fetched_with_bounded_concurrency_over_one_client(serve, reference):
    companies = {f"co{n}.example": {**GLOBEX, "name": f"Co {n}"} for n in range(8)}
    slow = {f"/companies/co{n}.example": (lambda r: Reply(body={"data": GLOBEX}, delay=0.1)) for n in range(8)}
    server = serve(provider_api(companies, {}, failures=slow))
    accounts, _ = run_waterfall(waterfall(reference, server, concurrency=3), sorted(companies),
                                Memory(), NOW, CHECK)
    assert all(a.known for a in accounts.values())
    assert server.max_in_flight == 3


def test_role_and_other_company_addresses_are_refused_and_the_next_provider_is_asked(serve, tmp_path):
    (tmp_path / "companies.csv").write_text(LOCAL_COMPANIES)
    (tmp_path / "contacts.csv").write_text(
        LOCAL_CONTACTS.splitlines()[0] + "\n"
        "c2,globex.example,Info,Desk,Head of Data,director,Data,info@globex.example,\n"
        "c3,globex.example,Dee,Spose,Head of Data,director,Data,dee@mailinator.com,\n")
    server = serve(provider_api({"globex.example": GLOBEX}, {"globex.example": [person(1, "globex.example")]}))
    accounts, stats = run_waterfall(waterfall(str(tmp_path), server), ["globex.example"], Memory(),
                                    NOW, CHECK)
    globex = accounts["globex.example"]
    assert [(c["email"], c["provider"]) for c in globex.refused] == [("info@globex.example", "local")]
    assert "role address" in globex.refused[0]["refusal"]
    assert [(q.line, q.reason) for q in stats.quarantined] == [
        (3, "contact belongs to mailinator.com, asked for globex.example")], "a disposable address is no colleague's"
    assert globex.provenance["contacts"] == "http:crm" and globex.contacts[0]["email"] == "p1.doe@globex.example"


def test_values_of_any_json_type_become_text_and_contacts_join_the_domain_asked_for(serve, reference):
    body = {"name": "Globex", "industry": ["Manufacturing", "Robotics"], "metrics": {"headcount": "800"},
            "country": 49, "tech_stack": {"nested": "object"}}
    stray = {**person(1, "globex.example"), "company_domain": "https://www.Globex.example/", "job": {"title": 42},
             "contact_id": 991}
    server = serve(provider_api({"globex.example": body}, {"globex.example": [stray]}))
    accounts, _ = run_waterfall(waterfall(reference, server), ["globex.example"], Memory(), NOW, CHECK)
    globex = accounts["globex.example"]
    assert globex.values == {"name": "Globex", "industry": "Manufacturing, Robotics", "employees": 800, "country": "49"}
    assert "tech_stack" in globex.missing and globex.unenriched() == {}
    assert [(c["company_domain"], c["title"], c["contact_id"]) for c in globex.contacts] == [
        ("globex.example", "42", "991")]


def test_an_unreadable_local_directory_is_a_reason_not_a_crash(serve, tmp_path):
    (tmp_path / "companies.csv").mkdir()
    alone = EnrichmentWaterfall(local=LocalDirectoryEnrichment(directory=str(tmp_path)))
    accounts, _ = run_waterfall(alone, ["globex.example"], Memory(), NOW, CHECK)
    assert "local: cannot read" in accounts["globex.example"].unenriched()["name"]
    server = serve(provider_api({"globex.example": GLOBEX}, {"globex.example": [person(1, "globex.example")]}))
    accounts, _ = run_waterfall(waterfall(str(tmp_path), server), ["globex.example"], Memory(),
                                NOW, CHECK)
    assert accounts["globex.example"].known and accounts["globex.example"].unenriched() == {}


def held(stats) -> list[tuple]:
    return sorted((q.provider, q.source, q.line, q.field, q.domain) for q in stats.quarantined)


def test_a_bad_record_in_an_http_answer_is_quarantined_and_the_rest_of_the_batch_is_used(serve, tmp_path):
    people = [person(1, "globex.example"), "not a contact", {**person(2, "globex.example"), "first_name": "Eve\r\nBcc: x"},
              {**person(3, "globex.example"), "linkedin_url": "javascript:alert(1)"}, person(4, "globex.example")]
    companies = {"globex.example": GLOBEX, "initech.example": {**GLOBEX, "metrics": {"headcount": "lots"}},
                 "hooli.example": {**GLOBEX, "name": "Hooli"}}
    server = serve(provider_api(companies, {"globex.example": people, "initech.example": [person(5, "initech.example")]},
                                page_size=3))
    alone = EnrichmentWaterfall(http=http_provider(server))
    con = Memory()
    domains = ["globex.example", "hooli.example", "initech.example"]
    accounts, stats = run_waterfall(alone, domains, con, NOW, CHECK)
    globex = accounts["globex.example"]
    assert [c["email"] for c in globex.contacts] == ["p1.doe@globex.example", "p4.doe@globex.example"]
    assert globex.unenriched() == {}, "two good contacts: the bad ones are quarantined, not the batch"
    assert held(stats) == [("http:crm", "/companies/globex.example/contacts", 2, "", "globex.example"),
                           ("http:crm", "/companies/globex.example/contacts", 3, "first_name", "globex.example"),
                           ("http:crm", "/companies/globex.example/contacts", 4, "linkedin_url", "globex.example"),
                           ("http:crm", "/companies/initech.example", 1, "employees", "initech.example")]
    reasons = {q.line: q.reason for q in stats.quarantined if q.domain == "globex.example"}
    assert "not a JSON object" in reasons[2] and "U+000D" in reasons[3] and "http(s)" in reasons[4]
    # A company record with one bad value is not half-used: the account says why it is unenriched.
    assert not accounts["initech.example"].known
    assert "employees is not a whole number: 'lots'" in accounts["initech.example"].unenriched()["name"]
    assert accounts["initech.example"].contacts and accounts["hooli.example"].known

    assert store_quarantine(con.con, stats, NOW) == 4
    # Within the TTL globex comes from the cache and keeps its quarantine rows; initech (an error, not
    # cached) is asked again and its rows are replaced, not added.
    _, again = run_waterfall(alone, domains, con, NOW + timedelta(hours=1), CHECK)
    assert again.cache_hits == {"http:crm": 2} and held(again) == held(stats)[-1:]
    assert store_quarantine(con.con, again, NOW + timedelta(hours=1)) == 4


def test_a_local_file_that_cannot_be_used_is_reported_whole_and_the_rest_goes_on(serve, tmp_path):
    (tmp_path / "companies.csv").write_text(LOCAL_COMPANIES)
    (tmp_path / "contacts.csv").write_text("contact_id,domain,email\nc1,acme.example,ann.lee@acme.example\n")
    server = serve(provider_api({"acme.example": GLOBEX}, {"acme.example": [person(1, "acme.example")]}))
    accounts, stats = run_waterfall(waterfall(str(tmp_path), server), ["acme.example"], Memory(), NOW, CHECK)
    assert held(stats) == [("local", "contacts.csv", 0, "", "")]
    assert stats.quarantined[0].reason == "cannot read contacts.csv: header on line 1 has no company_domain column"
    acme = accounts["acme.example"]
    assert acme.provenance["name"] == "local" and acme.values["employees"] == 120, "companies.csv is still used"
    assert acme.provenance["contacts"] == "http:crm", "the next provider is still asked"


def test_a_contact_whose_record_names_another_company_is_quarantined_not_adopted(serve):
    people = [{**person(1, "globex.example"), "company_domain": "acme.example"},
              person(2, "acme.example"),
              {**person(3, "globex.example"), "company_domain": "Globex.example"},
              {**person(4, "eu.globex.example"), "company_domain": "www.globex.example"},
              person(5, "globex.example")]
    server = serve(provider_api({"globex.example": GLOBEX}, {"globex.example": people}, page_size=5))
    con = Memory()
    accounts, stats = run_waterfall(EnrichmentWaterfall(http=http_provider(server)), ["globex.example"], con, NOW, CHECK)
    globex = accounts["globex.example"]
    assert [c["email"] for c in globex.contacts] == ["p3.doe@globex.example", "p4.doe@eu.globex.example",
                                                     "p5.doe@globex.example"], "same company, or no company named"
    assert store_quarantine(con.con, stats, NOW) == 2
    assert con.con.execute("select line, field, reason, domain from quarantined_enrichment_records order by line"
                           ).fetchall() == [
        (1, "company_domain", "contact belongs to acme.example, asked for globex.example", "globex.example"),
        (2, "email", "contact belongs to acme.example, asked for globex.example", "globex.example")]
    alone = serve(provider_api({"globex.example": GLOBEX}, {"globex.example": people[:2]}))
    accounts, _ = run_waterfall(EnrichmentWaterfall(http=http_provider(alone)), ["globex.example"], Memory(), NOW,
                                CHECK)
    assert "contact belongs to acme.example" in accounts["globex.example"].unenriched()["contacts"]


def test_a_cursor_too_long_for_a_url_or_an_answer_not_in_utf8_is_that_domains_error(serve, reference):
    failures = {
        "/companies/longcursor.example/contacts": lambda r: Reply(body={"people": [], "next": "x" * 70_000}),
        "/companies/latin.example": lambda r: Reply(raw='{"data": {"name": "Caf\u00e9 M\u00fcller GmbH"}}'.encode("latin-1")),
    }
    server = serve(provider_api({"globex.example": GLOBEX, "longcursor.example": GLOBEX}, {}, failures=failures))
    domains = ["globex.example", "latin.example", "longcursor.example"]
    accounts, _ = run_waterfall(waterfall(reference, server), domains, Memory(), NOW, CHECK)
    assert "the request cannot be made" in accounts["longcursor.example"].unenriched()["contacts"]
    assert accounts["longcursor.example"].values["industry"] == "Manufacturing"
    assert "not text in UTF-8" in accounts["latin.example"].unenriched()["name"]
    assert accounts["globex.example"].values["industry"] == "Manufacturing"


def test_an_answer_that_trickles_in_past_the_timeout_is_a_timeout(serve, reference):
    failures = {"/companies/slow.example": lambda r: Reply(raw=b'{"data": {"name": "Slow"}}', trickle=0.15)}
    server = serve(provider_api({"globex.example": GLOBEX}, {}, failures=failures))
    started = time.monotonic()
    accounts, _ = run_waterfall(waterfall(reference, server, timeout_seconds=0.5, max_attempts=1),
                                ["globex.example", "slow.example"], Memory(), NOW, CHECK)
    assert "timeout" in accounts["slow.example"].unenriched()["name"]
    assert time.monotonic() - started < 3, "26 bytes at one per 0.15 s would take 4 s"
    assert accounts["globex.example"].values["industry"] == "Manufacturing"


def test_a_company_record_that_names_another_company_is_quarantined_not_adopted(serve):
    # A provider that fuzzy-matches answers globex.example with Initech's record; its own domain says so.
    initech = {**GLOBEX, "name": "Initech", "industry": "Banking", "domain": "initech.example"}
    companies = {"globex.example": initech, "hooli.example": {**GLOBEX, "name": "Hooli", "domain": "www.hooli.example"},
                 "umbrella.example": {**GLOBEX, "name": "Umbrella", "site": {"host": "eu.umbrella.example"}}}
    server = serve(provider_api(companies, {"globex.example": [person(1, "globex.example")]}))
    con = Memory()
    plain = EnrichmentWaterfall(http=http_provider(server))
    by_site = EnrichmentWaterfall(http=http_provider(server, field_map={"domain": "site.host"}))
    accounts, stats = run_waterfall(plain, ["globex.example", "hooli.example"], con, NOW, CHECK)
    globex = accounts["globex.example"]
    assert not globex.known and "name" not in globex.values and "industry" not in globex.values
    assert "company record belongs to initech.example, asked for globex.example" in globex.unenriched()["name"]
    assert [c["email"] for c in globex.contacts] == ["p1.doe@globex.example"], "its own contacts are still used"
    assert held(stats) == [("http:crm", "/companies/globex.example", 1, "domain", "globex.example")]
    assert accounts["hooli.example"].values["name"] == "Hooli", "the same company under www. is that company"
    mapped, _ = run_waterfall(by_site, ["umbrella.example"], con, NOW, CHECK)
    assert mapped["umbrella.example"].values["name"] == "Umbrella", "the domain is read where the field map says"
    # Not cached: the next run asks about globex again.
    before = sum(r.path == "/companies/globex.example" for r in server.requests)
    run_waterfall(plain, ["globex.example", "hooli.example"], con, NOW + timedelta(hours=1), CHECK)
    assert sum(r.path == "/companies/globex.example" for r in server.requests) == before + 1


def test_a_contacts_cursor_that_repeats_ends_the_list_and_one_still_pending_after_max_pages_is_an_error(serve):
    def repeating(request):
        return Reply(body={"people": [person(1, "globex.example")], "next": "same"})

    def endless(request):
        page = int(request.query.get("cursor", "0"))
        return Reply(body={"people": [person(page, "initech.example")], "next": page + 1})

    failures = {"/companies/globex.example/contacts": repeating, "/companies/initech.example/contacts": endless}
    server = serve(provider_api({"globex.example": GLOBEX, "initech.example": GLOBEX}, {}, failures=failures))
    con = Memory()
    domains = ["globex.example", "initech.example"]
    accounts, _ = run_waterfall(EnrichmentWaterfall(http=http_provider(server, max_pages=5)), domains, con, NOW, CHECK)
    globex_pages = [r.query.get("cursor") for r in server.requests if r.path == "/companies/globex.example/contacts"]
    assert globex_pages == [None, "same"], "the cursor came back: the list is done"
    assert [c["email"] for c in accounts["globex.example"].contacts] == ["p1.doe@globex.example"]
    initech = accounts["initech.example"]
    assert sum(r.path == "/companies/initech.example/contacts" for r in server.requests) == 5
    assert "more than 5 pages of contacts" in initech.unenriched()["contacts"] and not initech.contacts
    cached = con.con.execute("select domain from enrichment_cache order by domain").fetchall()
    assert cached == [("globex.example",)], "a list cut short is not cached: the next run asks again"
