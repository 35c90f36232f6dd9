"""A cached enrichment answer is used only under the provider settings it was given under.

Answers are cached mapped through the field map and fetched from the provider's URL and paths: a
corrected ``SDR_ENRICHMENT_FIELD_MAP``, or ``SDR_ENRICHMENT_URL`` pointed at another vendor under
the same name, reaches every cached domain at the next run instead of after the TTL.
"""

import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path

import dagster as dg
import polars as pl
from http_server import Reply
from test_enrichment_waterfall import CHECK, GLOBEX, NOW, Memory, http_provider, person, provider_api

from resources.defaults import build_resources
from resources.enrichment import EnrichmentWaterfall
from sdr_assets.enrichment import enriched_accounts
from sdr_assets.enrichment_cache import run_waterfall
from sdr_assets.signals import QUALIFIED_SCHEMA
from tests.conftest import PLAYS, environ_for

DOMAIN = "globex.example"


def alone(server, **settings) -> EnrichmentWaterfall:
    return EnrichmentWaterfall(http=http_provider(server, **settings))


def test_an_answer_cached_under_other_provider_settings_is_asked_for_again(serve):
    server = serve(provider_api({DOMAIN: GLOBEX}, {DOMAIN: [person(1, DOMAIN)]}))
    con = Memory()
    wrong = {"employees": "headcount", "title": "job.title"}  # GLOBEX nests it: metrics.headcount
    first, _ = run_waterfall(alone(server, field_map=wrong), [DOMAIN], con, NOW, CHECK)
    assert "employees" not in first[DOMAIN].values
    again, stats = run_waterfall(alone(server, field_map=wrong), [DOMAIN], con, NOW + timedelta(hours=1), CHECK)
    assert stats.cache_hits == {"http:crm": 1} and stats.requests == {"http:crm": 0}, "same settings: the cache"
    fixed, stats = run_waterfall(alone(server), [DOMAIN], con, NOW + timedelta(hours=2), CHECK)
    assert stats.cache_hits == {"http:crm": 0} and fixed[DOMAIN].values["employees"] == 800
    _, stats = run_waterfall(alone(server, company_path="/companies/{domain}/"), [DOMAIN], con,
                             NOW + timedelta(hours=3), CHECK)
    assert stats.cache_hits == {"http:crm": 0}, "another path is another answer"
    other = serve(provider_api({DOMAIN: {**GLOBEX, "industry": "Retail"}}, {}))
    moved, stats = run_waterfall(alone(other), [DOMAIN], con, NOW + timedelta(hours=4), CHECK)
    assert stats.cache_hits == {"http:crm": 0} and moved[DOMAIN].values["industry"] == "Retail"


def test_an_answer_cached_before_settings_were_recorded_is_asked_for_again(serve):
    server = serve(provider_api({DOMAIN: GLOBEX}, {DOMAIN: [person(1, DOMAIN)]}))
    con = Memory()
    run_waterfall(alone(server), [DOMAIN], con, NOW, CHECK)
    con.con.execute("update enrichment_cache set settings = null, company = '{\"name\": \"Initech\"}'")
    accounts, stats = run_waterfall(alone(server), [DOMAIN], con, NOW + timedelta(hours=1), CHECK)
    assert stats.cache_hits == {"http:crm": 0} and accounts[DOMAIN].values["name"] == "Globex Corp"


# The provider nests the title: without "title=job.title" in the field map the contact has no title.
PERSON = {"first_name": "Ann", "last_name": "Lee", "job": {"title": "VP Sales"}, "seniority": "vp",
          "department": "Leadership", "email": "ann.lee@globex.example", "company_domain": DOMAIN}


def route(request):
    parts = request.path.strip("/").split("/")
    if parts[1] != DOMAIN:
        return Reply(404, {"error": "unknown"})
    return Reply(body={"name": "Globex", "industry": "Software", "employees": 400, "country": "US",
                       "tech_stack": "Salesforce"}) if len(parts) == 2 else Reply(body={"data": [PERSON]})


def _world(root: Path) -> None:
    shutil.copytree(PLAYS, root / "plays")
    (root / "reference").mkdir()
    (root / "reference" / "companies.csv").write_text("domain,name,industry,employees,country,tech_stack\n")
    (root / "reference" / "contacts.csv").write_text(
        "contact_id,company_domain,first_name,last_name,title,seniority,department,email,linkedin_url\n")


def _qualified(resources) -> None:
    frame = pl.DataFrame({"play": ["revops-hiring"], "signal_id": ["s1"], "company_domain": [DOMAIN],
                          "signal_type": ["hiring"], "detail": ["Globex is hiring a Head of RevOps"],
                          "observed_at": [datetime(2026, 11, 18, tzinfo=UTC)],
                          "attributes": ['{"role": "Head of RevOps"}'], "trigger": ["hiring"]}, schema=QUALIFIED_SCHEMA)
    with resources["warehouse"].connect() as con:
        con.register("_q", frame)
        con.execute("create or replace table qualified_signals as select * from _q")


def _status(resources):
    with resources["warehouse"].connect() as con:
        return con.execute("select status, title, email from enriched_accounts where company_domain = ?",
                           [DOMAIN]).fetchone()


def test_a_fixed_field_map_reaches_a_cached_domain_at_the_next_run(serve, tmp_path, instance):
    _world(tmp_path)
    server = serve(route)

    def resources_with(field_map: str) -> dict:
        return build_resources(environ_for(tmp_path, SDR_ENRICHMENT_URL=server.url, SDR_ENRICHMENT_FIELD_MAP=field_map))

    first = resources_with("")  # the mapping forgot the nested title
    _qualified(first)
    assert dg.materialize([enriched_accounts], resources=first, instance=instance).success
    assert _status(first)[0] == "no_contact"
    fixed = resources_with("title=job.title")
    assert dg.materialize([enriched_accounts], resources=fixed, instance=instance).success
    # With the title mapped, Ann (VP Sales) matches the play's persona.
    assert _status(fixed) == ("ready", "VP Sales", "ann.lee@globex.example")
