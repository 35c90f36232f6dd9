"""Contact choice and segment fit, through the real ``enriched_accounts`` asset over the
local reference files and the shipped plays.

- A persona title is a title, not a run of letters: "CTO" is in "DireCTOr", so every Director of
  Sales, of FP&A or of Talent Acquisition was a data-stack-adopters persona (15 points, above an
  Engineering Manager's department match).
- A company's country as a provider writes it ("United States", "Germany", "us"), which the rest of
  the project reads as the country it names (``domain/countries.py``), fits a segment written in
  ISO codes.
- A company whose headcount no provider gave does not fit a segment bounded by headcount, whichever
  bound the play gives.
"""

import json
import shutil
from datetime import UTC, datetime
from pathlib import Path

import dagster as dg
import duckdb
import polars as pl
import pytest

from resources.address_checks import AddressChecks
from resources.enrichment import EnrichmentWaterfall, LocalDirectoryEnrichment
from resources.settings import PipelinePaths, SendPolicy
from resources.warehouse import Warehouse
from sdr_assets.enrichment import enriched_accounts
from sdr_assets.signals import QUALIFIED_SCHEMA

PLAYS = Path(__file__).resolve().parents[1] / "data" / "plays"
NOW = datetime(2026, 11, 20, 9, tzinfo=UTC)
HEADER_COMPANIES = "domain,name,industry,employees,country,tech_stack\n"
HEADER_CONTACTS = "contact_id,company_domain,first_name,last_name,title,seniority,department,email,linkedin_url\n"


def _world(tmp_path: Path, companies: str, contacts: str, signals: list[dict], plays: dict[str, str] | None = None):
    shutil.copytree(PLAYS, tmp_path / "plays")
    for name, text in (plays or {}).items():
        (tmp_path / "plays" / name).write_text(text)
    (tmp_path / "reference").mkdir()
    (tmp_path / "reference" / "companies.csv").write_text(HEADER_COMPANIES + companies)
    (tmp_path / "reference" / "contacts.csv").write_text(HEADER_CONTACTS + contacts)
    frame = pl.DataFrame([{"observed_at": NOW, **s} for s in signals], schema=QUALIFIED_SCHEMA)
    with duckdb.connect(str(tmp_path / "warehouse.duckdb")) as con:
        con.register("_signals", frame)
        con.execute("create table qualified_signals as select * from _signals")
    return tmp_path


def _materialize(world: Path, instance: dg.DagsterInstance) -> dict[tuple[str, str], dict]:
    resources = {
        "warehouse": Warehouse(path=str(world / "warehouse.duckdb")),
        "paths": PipelinePaths(signals_inbox=str(world / "inbox"), plays_dir=str(world / "plays"),
                               reference_dir=str(world / "reference"), exports_dir=str(world / "exports")),
        "policy": SendPolicy(now_override=NOW.isoformat()),
        "enrichment": EnrichmentWaterfall(local=LocalDirectoryEnrichment(directory=str(world / "reference"))),
        "address_checks": AddressChecks(),
    }
    assert dg.materialize([enriched_accounts], resources=resources, instance=instance).success
    with duckdb.connect(str(world / "warehouse.duckdb"), read_only=True) as con:
        cursor = con.execute("select * from enriched_accounts")
        names = [d[0] for d in cursor.description]
        found = [dict(zip(names, r)) for r in cursor.fetchall()]
    return {(r["play"], r["company_domain"]): r for r in found}


def _adoption(n: int, domain: str) -> dict:
    return {"play": "data-stack-adopters", "signal_id": f"t{n}", "company_domain": domain,
            "signal_type": "tech_adoption", "detail": "adopted Snowflake", "trigger": "tech_adoption",
            "attributes": json.dumps({"technology": "Snowflake"})}


def _hiring(n: int, domain: str) -> dict:
    return {"play": "revops-hiring", "signal_id": f"h{n}", "company_domain": domain, "signal_type": "hiring",
            "detail": "hiring a Head of Revenue Operations", "trigger": "hiring",
            "attributes": json.dumps({"role": "Head of Revenue Operations"})}


def test_a_directors_title_is_no_cto_persona(tmp_path, instance):
    """data-stack-adopters wants CTOs, VPs of Engineering or Data, heads and directors of data or
    engineering. A Director of Sales, of FP&A or of Talent Acquisition is none of them: "cto" is only
    letters inside "director". In the seeded demo world (1,200 companies) this picked a sales,
    marketing, RevOps, finance or recruiting director for 378 of the 727 accounts with a chosen contact."""
    companies = ("sales-only.example,Sales Only,Software,300,US,Snowflake\n"
                 "mixed.example,Mixed,Software,300,US,Snowflake\n"
                 "real-cto.example,Real CTO,Software,300,US,Snowflake\n")
    contacts = ("s1,sales-only.example,Sam,Sold,Director of Sales,director,Sales,sam.sold@sales-only.example,\n"
                "s2,sales-only.example,Tia,Talent,Director of Talent Acquisition,director,People,"
                "tia.talent@sales-only.example,\n"
                "m1,mixed.example,Fay,Numbers,Director of FP&A,director,Finance,fay.numbers@mixed.example,\n"
                "m2,mixed.example,Eli,Builder,Engineering Manager,manager,Engineering,eli.builder@mixed.example,\n"
                "r1,real-cto.example,Cara,Tech,CTO,c_level,Engineering,cara.tech@real-cto.example,\n")
    signals = [_adoption(1, "sales-only.example"), _adoption(2, "mixed.example"), _adoption(3, "real-cto.example")]
    rows = _materialize(_world(tmp_path, companies, contacts, signals), instance)
    play = "data-stack-adopters"
    assert rows[(play, "real-cto.example")]["email"] == "cara.tech@real-cto.example"  # a real CTO still is one
    mixed = rows[(play, "mixed.example")]
    assert mixed["email"] == "eli.builder@mixed.example", (
        f"the Engineering Manager fits the play's personas, the Director of FP&A does not: chose {mixed['title']!r}")
    sales_only = rows[(play, "sales-only.example")]
    assert (sales_only["status"], sales_only["email"]) == ("no_contact", None), (
        f"no one at sales-only.example is a data or engineering persona, yet {sales_only['title']!r} was chosen")


@pytest.mark.parametrize("country", ["United States", "USA", "us", "Germany"])
def test_a_country_given_by_its_name_fits_a_segment_of_iso_codes(tmp_path, instance, country):
    """revops-hiring's segment lists countries by ISO code (US, GB, DE...). A provider that writes the
    country as a name, or a code in lower case, describes the same company: the account is in segment."""
    companies = f"named.example,Named,Software,300,{country},Salesforce\n"
    contacts = "n1,named.example,Val,Pipe,VP Sales,vp,Sales,val.pipe@named.example,\n"
    rows = _materialize(_world(tmp_path, companies, contacts, [_hiring(1, "named.example")]), instance)
    row = rows[("revops-hiring", "named.example")]
    assert (row["status"], row["email"]) == ("ready", "val.pipe@named.example"), row["reason"]


SMALL_TEAMS = """# yaml-language-server: $schema=play.schema.json
name: small-teams
owner: Dana Whitfield
triggers:
  - signal_type: hiring
    max_age_days: 30
segment:
  employees: {max: 200}
personas:
  - titles: [VP Sales]
    seniorities: [vp]
variants:
  - id: one
    subject: "Hello {company_name}"
    body: |
      Hi {first_name},

      A short note for small sales teams at {company_name}.

      {sender_name}
sequence:
  - channel: email
    delay_days: 0
sender:
  name: Sam Carter
  email: sam@outreach.example
daily_cap: 10
"""


def test_a_headcount_no_provider_gave_does_not_fit_a_headcount_bound(tmp_path, instance):
    """A play for companies of at most 200 people must not mail a company whose size nobody knows (it
    may have 50,000): with a lower bound the same company is already out of segment."""
    companies = "unknown-size.example,Unknown Size,Software,,US,\n"
    contacts = "u1,unknown-size.example,Ula,Known,VP Sales,vp,Sales,ula.known@unknown-size.example,\n"
    signal = {**_hiring(1, "unknown-size.example"), "play": "small-teams"}
    rows = _materialize(_world(tmp_path, companies, contacts, [signal], {"small-teams.yaml": SMALL_TEAMS}), instance)
    row = rows[("small-teams", "unknown-size.example")]
    assert row["employees"] is None
    assert row["status"] != "ready", "a company of unknown size was taken as at most 200 people"
    assert row["status"] == "out_of_segment" and "unknown" in row["reason"], row["reason"]
