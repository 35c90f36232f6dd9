"""Enrichment's rows stand for what its providers gave: the quarantine of answers a run cached before it was
interrupted is kept with them, and rows read from a reference file rewritten meanwhile are not marked as
built from the file's bytes. Each run is compared with a full rebuild on the same data."""

import json
import shutil
from datetime import UTC, datetime
from pathlib import Path

import dagster as dg
import duckdb
import polars as pl
import pytest
from test_enrichment_waterfall import GLOBEX, http_provider, person, provider_api

import sdr_assets.enrichment as enrichment
from resources.address_checks import AddressChecks
from resources.enrichment import EnrichmentWaterfall, LocalDirectoryEnrichment
from resources.settings import PipelinePaths, SendPolicy
from resources.warehouse import Warehouse
from sdr_assets.signals import QUALIFIED_SCHEMA

NOW = datetime(2026, 11, 20, 9, tzinfo=UTC)
STATUS = "select company_domain, status from enriched_accounts order by all"


@pytest.fixture
def world(tmp_path):
    shutil.copytree(Path(__file__).resolve().parents[2] / "data" / "plays", tmp_path / "plays")
    (tmp_path / "reference").mkdir()
    (tmp_path / "reference" / "companies.csv").write_text(
        "domain,name,industry,employees,country,tech_stack\nacme.example,Acme,Software,120,US,Snowflake\n")
    (tmp_path / "reference" / "contacts.csv").write_text(
        "contact_id,company_domain,first_name,last_name,title,seniority,department,email,linkedin_url\n"
        "a1,acme.example,Dan,Ode,Head of Data,director,Data,dan.ode@acme.example,\n")
    signals = pl.DataFrame([{"play": "data-stack-adopters", "signal_id": f"s{n}", "company_domain": d,
                             "signal_type": "tech_adoption", "detail": "adopted Snowflake", "observed_at": NOW,
                             "attributes": json.dumps({"technology": "Snowflake"}), "trigger": "tech_adoption"}
                            for n, d in enumerate(["acme.example", "globex.example"])], schema=QUALIFIED_SCHEMA)
    with duckdb.connect(str(tmp_path / "warehouse.duckdb")) as con:
        con.register("_signals", signals)
        con.execute("create table qualified_signals as select * from _signals")
    return tmp_path


def materialize(world, server, instance, full_refresh=False, now=NOW) -> dict:
    resources = {
        "warehouse": Warehouse(path=str(world / "warehouse.duckdb")),
        "paths": PipelinePaths(signals_inbox=str(world / "inbox"), plays_dir=str(world / "plays"),
                               reference_dir=str(world / "reference"), exports_dir=str(world / "exports")),
        "policy": SendPolicy(now_override=now.isoformat()),
        "enrichment": EnrichmentWaterfall(local=LocalDirectoryEnrichment(directory=str(world / "reference")),
                                          http=http_provider(server) if server else None),
        "address_checks": AddressChecks(),
    }
    result = dg.materialize([enrichment.enriched_accounts], resources=resources, instance=instance,
                            run_config={"ops": {"enriched_accounts": {"config": {"full_refresh": full_refresh}}}})
    return {k: v.value for k, v in result.asset_materializations_for_node("enriched_accounts")[0].metadata.items()}


def rows(world, sql="select * exclude (provenance) from enriched_accounts order by play, company_domain"):
    with duckdb.connect(str(world / "warehouse.duckdb"), read_only=True) as con:
        return con.execute(sql).fetchall()


def test_a_run_interrupted_after_the_provider_answered_keeps_the_quarantine_of_its_answers(
        serve, world, instance, monkeypatch):
    other = {**person(2, "globex.example"), "email": "p2.doe@initech.example"}  # names another company
    server = serve(provider_api({"globex.example": GLOBEX}, {"globex.example": [person(1, "globex.example"), other]}))

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt("the run is told to end")  # while the rows are built, after the provider answered

    with monkeypatch.context() as patched:
        patched.setattr(enrichment, "_enrich", interrupted)
        with pytest.raises(KeyboardInterrupt):
            materialize(world, server, instance)
    quarantine = "select provider, source, line, field, domain from quarantined_enrichment_records order by all"
    materialize(world, server, instance)
    after_resume = rows(world, quarantine)
    materialize(world, server, instance, full_refresh=True)
    assert rows(world, quarantine) == [("http:crm", "/companies/globex.example/contacts", 2, "email", "globex.example")]
    assert after_resume == rows(world, quarantine)


def test_a_reference_file_read_while_it_is_rewritten_with_the_same_bytes_is_read_again_next_run(
        world, instance, monkeypatch):
    contacts = world / "reference" / "contacts.csv"
    whole = contacts.read_bytes()
    materialize(world, None, instance)
    fingerprint = enrichment._inputs

    def rewritten_meanwhile(*args, **kwargs):
        inputs = fingerprint(*args, **kwargs)  # the digests are taken of the whole file...
        contacts.write_bytes(whole.splitlines(keepends=True)[0])  # ...then a rewrite in place starts
        return inputs

    monkeypatch.setattr(enrichment, "_inputs", rewritten_meanwhile)
    with duckdb.connect(str(world / "warehouse.duckdb")) as con:  # a new signal: the run redoes acme
        con.execute("insert into qualified_signals select * replace ('s9' as signal_id, observed_at + interval 1 "
                    "hour as observed_at) from qualified_signals where company_domain = 'acme.example'")
    torn = materialize(world, None, instance)
    assert torn["reference_files_changed_while_read"] == ["contacts.csv"]
    monkeypatch.undo()
    contacts.write_bytes(whole)  # the rewrite ends: the same bytes as before

    later = materialize(world, None, instance)
    assert later["rebuilt"] == "yes" and later["reference_files_changed_while_read"] == []
    merged = rows(world)
    materialize(world, None, instance, full_refresh=True)
    assert rows(world, STATUS) == [("acme.example", "ready"), ("globex.example", "unknown_company")]
    assert merged == rows(world), f"the rows of the half-written file are kept: {later['rebuilt']}"
