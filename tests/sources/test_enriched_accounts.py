"""The enriched_accounts asset over the local directory and a real HTTP provider: statuses, provenance, the cache."""

import json
import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path

import dagster as dg
import duckdb
import polars as pl
import pytest
from http_server import Reply
from test_enrichment_waterfall import GLOBEX, http_provider, person, provider_api

from resources.address_checks import AddressChecks
from resources.enrichment import EnrichmentWaterfall, LocalDirectoryEnrichment
from resources.settings import PipelinePaths, SendPolicy
from resources.warehouse import Warehouse
from sdr_assets.enrichment import enriched_accounts
from sdr_assets.local_dns import ZoneServer
from sdr_assets.signals import QUALIFIED_SCHEMA

PLAYS = Path(__file__).resolve().parents[2] / "data" / "plays"
NOW = datetime(2026, 11, 20, 9, tzinfo=UTC)
COMPANIES = """domain,name,industry,employees,country,tech_stack
acme.example,Acme,Software,120,US,Snowflake
globex.example,Globex,,,,
hooli.example,Hooli,Software,900,US,dbt
"""
CONTACTS = """contact_id,company_domain,first_name,last_name,title,seniority,department,email,linkedin_url
a1,acme.example,Ann,Lee,VP Sales,vp,Sales,ann.lee@acme.example,
a2,acme.example,Dan,Ode,Head of Data,director,Data,Dan.Ode@ACME.example,
h1,hooli.example,Data,Desk,Head of Data,director,Data,info@hooli.example,
"""
DOMAINS = ["acme.example", "globex.example", "hooli.example", "initech.example", "umbrella.example"]


@pytest.fixture
def world(tmp_path):
    shutil.copytree(PLAYS, tmp_path / "plays")
    (tmp_path / "reference").mkdir()
    (tmp_path / "reference" / "companies.csv").write_text(COMPANIES)
    (tmp_path / "reference" / "contacts.csv").write_text(CONTACTS)
    signals = pl.DataFrame([{"play": "data-stack-adopters", "signal_id": f"s{n}", "company_domain": d,
                             "signal_type": "tech_adoption", "detail": "adopted Snowflake", "observed_at": NOW,
                             "attributes": json.dumps({"technology": "Snowflake"}), "trigger": "tech_adoption"}
                            for n, d in enumerate(DOMAINS)], schema=QUALIFIED_SCHEMA)
    with duckdb.connect(str(tmp_path / "warehouse.duckdb")) as con:
        con.register("_signals", signals)
        con.execute("create table qualified_signals as select * from _signals")
    return tmp_path


def materialize(world, server, instance: dg.DagsterInstance, full_refresh: bool = False,
                now: datetime = NOW, checks: AddressChecks | None = None) -> tuple[dict, dict]:
    resources = {
        "warehouse": Warehouse(path=str(world / "warehouse.duckdb")),
        "paths": PipelinePaths(signals_inbox=str(world / "inbox"), plays_dir=str(world / "plays"),
                               reference_dir=str(world / "reference"), exports_dir=str(world / "exports")),
        "policy": SendPolicy(now_override=now.isoformat()),
        "enrichment": EnrichmentWaterfall(local=LocalDirectoryEnrichment(directory=str(world / "reference")),
                                          http=http_provider(server)),
        "address_checks": checks or AddressChecks(),
    }
    result = dg.materialize([enriched_accounts], resources=resources, instance=instance, run_config={
        "ops": {"enriched_accounts": {"config": {"full_refresh": full_refresh}}}})
    assert result.success
    metadata = result.asset_materializations_for_node("enriched_accounts")[0].metadata
    with duckdb.connect(str(world / "warehouse.duckdb"), read_only=True) as con:
        rows = {r[0]: r for r in con.execute(
            "select company_domain, status, reason, enrichment_source, provenance, email, refused_contacts, "
            "unenriched_fields, employees from enriched_accounts").fetchall()}
    return rows, {k: v.value for k, v in metadata.items()}


def test_every_account_stays_visible_with_its_status_its_reason_and_where_each_value_came_from(serve, world, instance):
    server = serve(provider_api(
        {"globex.example": GLOBEX, "hooli.example": GLOBEX}, {"globex.example": [person(1, "globex.example")],
                                     "hooli.example": [{**person(2, "hooli.example"), "email": "sales@hooli.example"}]},
        failures={"/companies/initech.example": lambda r: Reply(503, {"error": "down"})}))
    rows, metadata = materialize(world, server, instance)
    acme, globex, hooli, initech, umbrella = (rows[d] for d in DOMAINS)
    assert acme[1] == "ready" and acme[5] == "dan.ode@acme.example" and acme[3] == "local"
    assert globex[1] == "ready" and globex[5] == "p1.doe@globex.example" and globex[8] == 800
    assert globex[3] == "local, http:crm"
    assert json.loads(globex[4]) == {"name": "local", "industry": "http:crm", "employees": "http:crm",
                                     "country": "http:crm", "tech_stack": "http:crm", "contacts": "http:crm"}
    assert hooli[1] == "address_refused" and "info@hooli.example: role address" in hooli[2]
    assert [c["email"] for c in json.loads(hooli[6])] == ["info@hooli.example", "sales@hooli.example"]
    assert initech[1] == "unenriched" and "HTTP 503 after 2 attempts" in initech[2]
    assert "HTTP 503" in json.loads(initech[7])["name"]
    assert umbrella[1] == "unknown_company"
    assert metadata["provider_requests"] == {"http:crm": len(server.requests)}

    # Within the TTL only the failed domain is enriched and asked again: answers with an error are not cached.
    calls = len(server.requests)
    again, metadata = materialize(world, server, instance)
    assert {r.path for r in server.requests[calls:]} == {"/companies/initech.example", "/companies/initech.example/contacts"}
    assert metadata["cache_hits"] == {"http:crm": 0} and metadata["new_rows"] == 1
    assert metadata["rebuilt"].startswith("in part: 1 of the accounts: 0 whose freshest signal is new or changed, "
                                          "1 whose provider answers or MX verdicts were stale or never kept")
    assert again == rows


def test_a_full_refresh_asks_the_providers_again_instead_of_reading_the_cache(serve, world, instance):
    companies = {"globex.example": GLOBEX, "hooli.example": GLOBEX}
    server = serve(provider_api(companies, {"globex.example": [person(1, "globex.example")]}))
    materialize(world, server, instance)
    calls = len(server.requests)
    companies["globex.example"] = {**GLOBEX, "metrics": {"headcount": 950}}  # the provider's answer changed
    rows, metadata = materialize(world, server, instance)
    assert len(server.requests) == calls and metadata["rebuilt"].startswith("no") and rows["globex.example"][8] == 800
    rows, metadata = materialize(world, server, instance, full_refresh=True)
    assert len(server.requests) == 2 * calls and metadata["cache_hits"] == {"http:crm": 0}
    assert rows["globex.example"][8] == 950
    with duckdb.connect(str(world / "warehouse.duckdb"), read_only=True) as con:
        cached = con.execute("select company from enrichment_cache where domain = 'globex.example'").fetchone()[0]
    assert json.loads(cached)["employees"] == 950, "the refreshed answers are cached"


def _table(world, sql: str = "select * from enriched_accounts order by play, company_domain") -> list[tuple]:
    with duckdb.connect(str(world / "warehouse.duckdb"), read_only=True) as con:
        return con.execute(sql).fetchall()


def _asked(server, since: int) -> set[str]:
    return {r.path.split("/")[2] for r in server.requests[since:]}


def test_each_account_is_enriched_again_once_its_own_provider_answers_pass_their_ttl(serve, world, instance):
    """Answers fetched on different days go stale on different days: a run redoes the accounts whose
    answers passed the TTL (30 days) and keeps the rest, and ends as a full rebuild would."""
    companies = {d: {**GLOBEX, "name": d} for d in ("globex.example", "hooli.example", "newco.example")}
    server = serve(provider_api(companies, {d: [person(n, d)] for n, d in enumerate(companies)}))
    materialize(world, server, instance)
    first = _asked(server, 0)
    assert first == {"globex.example", "hooli.example", "initech.example", "umbrella.example"}, "acme is local"

    later = NOW + timedelta(days=20)  # a new account, and a fresher signal of one whose answer is cached
    with duckdb.connect(str(world / "warehouse.duckdb")) as con:
        for signal, domain in (("s8", "globex.example"), ("s9", "newco.example")):
            con.execute("insert into qualified_signals select * replace (? as signal_id, ? as company_domain, "
                        "?::timestamptz as observed_at) from qualified_signals where signal_id = 's0'",
                        [signal, domain, later])
    calls = len(server.requests)
    _, metadata = materialize(world, server, instance, now=later)
    assert _asked(server, calls) == {"newco.example"} and metadata["cache_hits"] == {"http:crm": 1}
    assert metadata["rebuilt"].startswith("in part: 2 of the accounts: 2 whose freshest signal is new or changed, 0")
    assert metadata["stale_from"] == (NOW + timedelta(days=30)).timestamp()

    for day, stale in ((31, first), (32, set()), (49, set()), (51, {"newco.example"})):
        calls = len(server.requests)
        _, metadata = materialize(world, server, instance, now=NOW + timedelta(days=day))
        assert _asked(server, calls) == stale, f"day {day}"
        assert metadata["rebuilt"].startswith(f"in part: {len(stale)} of the accounts: 0 whose freshest"
                                              if stale else "no"), f"day {day}"
    merged = _table(world)
    materialize(world, server, instance, full_refresh=True, now=NOW + timedelta(days=51))
    assert _table(world) == merged


def test_a_provider_answer_edited_out_of_the_expiry_rebuilds_the_table_whole(serve, world, instance):
    """When the rows' staleness is not as the last run wrote it, no row is trusted to be fresh."""
    server = serve(provider_api({"globex.example": GLOBEX}, {"globex.example": [person(1, "globex.example")]}))
    materialize(world, server, instance)
    with duckdb.connect(str(world / "warehouse.duckdb")) as con:
        con.execute("update enriched_account_expiry set stale_at = null")
    _, metadata = materialize(world, server, instance)
    assert metadata["rebuilt"] == "yes"


def test_mx_verdicts_are_kept_for_their_ttl_and_each_account_is_checked_again_once_its_own_goes_stale(
        serve, world, instance):
    """A run asks DNS only about domains without a fresh verdict (24 hours); a verdict the resolver
    could not give is asked for again on the next run, and its account enriched again with it."""
    contacts = world / "reference" / "contacts.csv"
    contacts.write_text(CONTACTS + "h2,hooli.example,Dee,Dee,Head of Data,director,Data,dee.dee@hooli.example,\n")
    server = serve(provider_api({}, {}))  # globex, initech and umbrella are unknown to it
    with ZoneServer({"acme.example": {"MX": ["10 mx1.acme.example."]}},
                    silent=frozenset({"hooli.example"})) as zone:
        checks = AddressChecks(check_mx=True, nameservers=["127.0.0.1"], dns_port=zone.port, dns_timeout_seconds=0.2)

        def run(hours: float, **kwargs) -> tuple[dict, set[str]]:
            asked = len(zone.questions)
            rows, metadata = materialize(world, server, instance, now=NOW + timedelta(hours=hours), checks=checks,
                                         **kwargs)
            assert rows["acme.example"][1] == rows["hooli.example"][1] == "ready"  # a timeout refuses nothing
            return metadata, {name.rstrip(".") for name, _ in zone.questions[asked:]}

        first, names = run(0)
        assert names == {"acme.example", "hooli.example"} and first["rebuilt"] == "yes"
        assert first["stale_from"] == NOW.timestamp(), "hooli's verdict was not given, so it is stale at once"
        with duckdb.connect(str(world / "warehouse.duckdb")) as con:  # acme is enriched again, its verdict fresh
            con.execute("insert into qualified_signals select * replace ('s9' as signal_id, observed_at + "
                        "interval 1 hour as observed_at) from qualified_signals where company_domain = 'acme.example'")
        for hours, signals in ((1, 1), (2, 0)):
            again, names = run(hours)
            assert names == {"hooli.example"}, "only the verdict the resolver did not give is asked for again"
            assert again["rebuilt"].startswith(f"in part: {1 + signals} of the accounts: {signals} whose freshest "
                                               "signal is new or changed, 1 whose provider answers or MX verdicts")
        later, names = run(25)
        assert names == {"acme.example", "hooli.example"} and later["rebuilt"].startswith("in part: 2 of the accounts")
        _, names = run(26, full_refresh=True)
        assert names == {"acme.example", "hooli.example"}, "a full refresh asks DNS again"
    with duckdb.connect(str(world / "warehouse.duckdb"), read_only=True) as con:
        kept = con.execute("select domain, refusal, checked_at from mx_verdicts").fetchall()
    assert [(d, r, at.astimezone(UTC)) for d, r, at in kept] == [("acme.example", "", NOW + timedelta(hours=26))]


QUARANTINE = "select provider, source, line, field, domain from quarantined_enrichment_records order by all"


def test_a_run_interrupted_after_the_provider_answered_keeps_the_quarantine_of_its_answers(
        serve, world, instance, monkeypatch):
    """The answers are cached with the records they set aside: the next run, reading them from the cache,
    holds the quarantine a full rebuild holds."""
    import sdr_assets.enrichment as enrichment

    other = {**person(2, "globex.example"), "email": "p2.doe@initech.example"}  # names another company
    server = serve(provider_api({"globex.example": GLOBEX}, {"globex.example": [person(1, "globex.example"), other]}))

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt("the run is told to end")  # while the rows are built, after the provider answered

    with monkeypatch.context() as patched:
        patched.setattr(enrichment, "_enrich", interrupted)
        with pytest.raises(KeyboardInterrupt):
            materialize(world, server, instance)
    materialize(world, server, instance)
    resumed = _table(world, QUARANTINE)
    materialize(world, server, instance, full_refresh=True)
    assert ("http:crm", "/companies/globex.example/contacts", 2, "email", "globex.example") in resumed
    assert resumed == _table(world, QUARANTINE)


def test_a_reference_file_read_while_it_is_rewritten_with_the_same_bytes_is_read_again_next_run(
        serve, world, instance, monkeypatch):
    """The rows of a file read half-written are not marked as built from the file's whole bytes."""
    import sdr_assets.enrichment as enrichment

    server = serve(provider_api({}, {}))
    contacts = world / "reference" / "contacts.csv"
    whole = contacts.read_bytes()
    materialize(world, server, instance)
    fingerprint = enrichment._inputs

    def rewritten_meanwhile(*args, **kwargs):
        inputs = fingerprint(*args, **kwargs)  # the digests are taken of the whole file...
        contacts.write_bytes(whole.splitlines(keepends=True)[0])  # ...then a rewrite in place starts
        return inputs

    monkeypatch.setattr(enrichment, "_inputs", rewritten_meanwhile)
    with duckdb.connect(str(world / "warehouse.duckdb")) as con:  # a new signal: the run redoes acme
        con.execute("insert into qualified_signals select * replace ('s9' as signal_id, observed_at + interval 1 "
                    "hour as observed_at) from qualified_signals where company_domain = 'acme.example'")
    torn_rows, torn = materialize(world, server, instance)
    assert torn["reference_files_changed_while_read"] == ["contacts.csv"]
    assert torn_rows["acme.example"][1] == "no_contact"  # read from the half-written file
    monkeypatch.undo()
    contacts.write_bytes(whole)  # the rewrite ends: the same bytes as before

    later_rows, later = materialize(world, server, instance)
    assert later["rebuilt"] == "yes" and later["reference_files_changed_while_read"] == []
    refreshed, _ = materialize(world, server, instance, full_refresh=True)
    assert later_rows == refreshed and later_rows["acme.example"][1] == "ready"
