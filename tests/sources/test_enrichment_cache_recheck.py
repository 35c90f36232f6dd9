"""An HTTP provider's answer cached before its contacts were checked against the company asked about.

The cache rows are written as an older version left them under the same provider settings: the
contacts as checked then (no ``company_domain``), one of them at another company's address.
"""

import json
from datetime import UTC, datetime, timedelta

from http_server import Reply
from memory_warehouse import Memory

from resources.address_checks import AddressChecks
from resources.enrichment import EnrichmentWaterfall, HttpEnrichment
from sdr_assets.enrichment_cache import CACHE_DDL, run_waterfall
from sdr_assets.enrichment_quarantine import store_quarantine

NOW = datetime(2026, 11, 20, 9, tzinfo=UTC)
CHECK = AddressChecks().checker()
PROVIDER = "http:crm"
COMPANY = {"name": "Globex Corp", "industry": "Manufacturing", "employees": 800, "country": "DE",
           "tech_stack": "Snowflake", "founded": None, "description": None}
FOREIGN = "contact belongs to acme.example, asked for globex.example"


def checked_contact(name: str, email: str) -> dict:
    return {"contact_id": None, "first_name": name, "last_name": "Doe", "title": "Head of Data",
            "seniority": "director", "department": "Data", "email": email, "linkedin_url": None}


def cache_as_before(con, server, domain: str, contacts: list[dict], fetched_at: datetime) -> None:
    con.execute(CACHE_DDL)
    con.execute("insert into enrichment_cache values (?, ?, ?, ?, ?, ?)",
                [PROVIDER, domain, json.dumps(COMPANY), json.dumps(contacts), fetched_at,
                 provider(server).http.answer_settings])


def api(contacts: dict[str, list[dict]]):
    def route(request):
        domain = request.path.strip("/").split("/")[1]
        if request.path.endswith("/contacts"):
            return Reply(body={"data": contacts.get(domain, [])})
        return Reply(body=COMPANY)
    return route


def provider(server) -> EnrichmentWaterfall:
    http = HttpEnrichment(name="crm", base_url=server.url, backoff_seconds=0.01, max_attempts=2, timeout_seconds=2.0)
    return EnrichmentWaterfall(http=http)


def held(stats) -> list[tuple]:
    return sorted((q.provider, q.source, q.line, q.field, q.reason, q.domain) for q in stats.quarantined)


def cached_domains(con) -> list[str]:
    return [d for (d,) in con.execute("select domain from enrichment_cache order by domain").fetchall()]


def test_a_cached_contact_of_another_company_is_quarantined_and_its_answer_asked_for_again(serve):
    con = Memory()
    server = serve(api({"globex.example": [checked_contact("Ann", "ann@globex.example")]}))
    cache_as_before(con.con, server, "globex.example", [checked_contact("Ann", "ann@globex.example"),
                                                        checked_contact("Bo", "bo@acme.example"),
                                                        checked_contact("Cy", "cy@eu.globex.example")],
                    NOW - timedelta(days=3))
    cache_as_before(con.con, server, "initech.example", [checked_contact("Di", "di@initech.example")],
                    NOW - timedelta(days=3))
    domains = ["globex.example", "initech.example"]

    accounts, stats = run_waterfall(provider(server), domains, con, NOW, CHECK)
    assert server.requests == [] and stats.cache_hits == {PROVIDER: 2}
    assert [c["email"] for c in accounts["globex.example"].contacts] == ["ann@globex.example", "cy@eu.globex.example"], \
        "the cached answer's other contacts are used"
    assert accounts["globex.example"].unenriched() == {}
    assert held(stats) == [(PROVIDER, "enrichment_cache", 2, "email", FOREIGN, "globex.example")]
    assert cached_domains(con.con) == ["initech.example"], "the answer is dropped, so it is asked for again"
    assert store_quarantine(con.con, stats, NOW) == 1

    later = NOW + timedelta(hours=1)
    accounts, again = run_waterfall(provider(server), domains, con, later, CHECK)
    assert sorted({r.path for r in server.requests}) == ["/companies/globex.example",
                                                          "/companies/globex.example/contacts"]
    assert again.cache_hits == {PROVIDER: 1} and held(again) == []
    assert [c["email"] for c in accounts["globex.example"].contacts] == ["ann@globex.example"]
    assert cached_domains(con.con) == domains
    assert store_quarantine(con.con, again, later) == 0, "the domain was read again: its quarantine is replaced"


def test_a_cached_answer_whose_contacts_all_belong_elsewhere_leaves_the_account_without_one(serve):
    con = Memory()
    server = serve(api({}))
    cache_as_before(con.con, server, "globex.example", [checked_contact("Bo", "bo@acme.example")],
                    NOW - timedelta(days=3))

    accounts, stats = run_waterfall(provider(server), ["globex.example"], con, NOW, CHECK)
    globex = accounts["globex.example"]
    assert globex.contacts == [] and globex.known
    assert FOREIGN in globex.unenriched()["contacts"]
    assert held(stats) == [(PROVIDER, "enrichment_cache", 1, "email", FOREIGN, "globex.example")]
    assert cached_domains(con.con) == []
