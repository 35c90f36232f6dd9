"""Enrichment layer: firmographics, the segment filter and the contact chosen for each play."""

import dagster as dg
import polars as pl

from resources.enrichment import CONTACT_SCHEMA, EnrichmentProvider
from resources.settings import PipelinePaths
from resources.warehouse import Warehouse, read_table, replace_rows
from sdr_assets.domain.plays import load_plays
from sdr_assets.domain.targeting import choose_contact, segment_matches
from sdr_assets.metadata import table_metadata
from sdr_assets.referrals import accepted_contacts

ENRICHED_SCHEMA = {
    "play": pl.String,
    "company_domain": pl.String,
    "signal_id": pl.String,
    "status": pl.String,
    "reason": pl.String,
    "company_name": pl.String,
    "industry": pl.String,
    "employees": pl.Int64,
    "country": pl.String,
    "tech_stack": pl.String,
    **{name: dtype for name, dtype in CONTACT_SCHEMA.items() if name != "company_domain"},
    "enrichment_source": pl.String,
}


accepted_referrals_spec = dg.AssetSpec(
    "accepted_referrals",
    description="Referred contacts a named person accepted (`sdr referrals accept`); never mailed before that.",
    group_name="enrichment",
    kinds={"duckdb"},
)


@dg.asset(group_name="enrichment", kinds={"duckdb", "polars"}, deps=["qualified_signals", accepted_referrals_spec])
def enriched_accounts(
    warehouse: Warehouse, paths: PipelinePaths, enrichment: EnrichmentProvider
) -> dg.MaterializeResult:
    """Accounts behind qualified signals, with firmographics, segment fit and the chosen contact.

    ``status`` is ready, out_of_segment, unknown_company or no_contact; only ready rows go on.
    """
    book = load_plays(paths.plays)
    with warehouse.connect() as con:
        qualified = read_table(con, "qualified_signals")
        referrals = accepted_contacts(con)
    if qualified.is_empty():
        frame = pl.DataFrame(schema=ENRICHED_SCHEMA)
    else:
        # The freshest qualifying signal per play and account is the "why now".
        latest = qualified.sort("observed_at", descending=True).unique(["play", "company_domain"], keep="first")
        domains = latest["company_domain"].unique().sort().to_list()
        companies = {c["domain"]: c for c in enrichment.companies(domains).iter_rows(named=True)}
        contacts: dict[str, list[dict]] = {}
        for contact in enrichment.contacts(domains).iter_rows(named=True):
            contacts.setdefault(contact["company_domain"], []).append(contact)
        rows = [
            _enrich(book.plays[r["play"]], r, companies.get(r["company_domain"]), contacts, enrichment.source_name,
                    referrals.get((r["play"], r["company_domain"])))
            for r in latest.sort(["play", "company_domain"]).iter_rows(named=True)
            if r["play"] in book.plays
        ]
        frame = pl.DataFrame(rows, schema=ENRICHED_SCHEMA)
    with warehouse.connect() as con:
        replace_rows(con, "enriched_accounts", frame)
    by_status = {s: int(n) for s, n in frame.group_by("status").len().iter_rows()}
    return dg.MaterializeResult(metadata=table_metadata(frame, by_status=dg.MetadataValue.json(by_status)))


def _enrich(play, signal: dict, company: dict | None, contacts: dict, source: str, referral: dict | None) -> dict:
    row = {"play": play.name, "company_domain": signal["company_domain"], "signal_id": signal["signal_id"],
           "enrichment_source": source}
    if company is None:
        return {**row, "status": "unknown_company", "reason": "domain not found by the enrichment provider"}
    row.update({"company_name": company["name"], "industry": company["industry"],
                "employees": company["employees"], "country": company["country"],
                "tech_stack": company["tech_stack"]})
    in_segment, reason = segment_matches(play.segment, company)
    if not in_segment:
        return {**row, "status": "out_of_segment", "reason": reason}
    # A referral a person accepted replaces the persona match: the account told us whom to write to.
    if referral is not None:
        contact, reason = referral, referral["reason"]
    else:
        contact, reason = choose_contact(play, contacts.get(signal["company_domain"], []))
    if contact is None:
        return {**row, "status": "no_contact", "reason": reason}
    picked = {k: contact[k] for k in ("contact_id", "first_name", "last_name", "title", "seniority",
                                      "department", "linkedin_url")}
    return {**row, **picked, "email": contact["email"].strip().lower(), "status": "ready", "reason": reason}
