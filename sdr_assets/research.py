"""Research layer: the "why now" and the facts a draft may state for each ready account."""


import json

import dagster as dg
import polars as pl

from resources.settings import PipelinePaths, SendPolicy
from resources.warehouse import Warehouse, read_table, replace_rows
from sdr_assets.domain.plays import load_plays
from sdr_assets.domain.targeting import fit_score, research_facts
from sdr_assets.metadata import table_metadata

ANGLE_SCHEMA = {
    "play": pl.String,
    "company_domain": pl.String,
    "signal_id": pl.String,
    "signal_type": pl.String,
    "contact_email": pl.String,
    "contact_name": pl.String,
    "linkedin_url": pl.String,
    "why_now": pl.String,
    "facts": pl.String,
    "fit": pl.Float64,
    "research_instructions": pl.String,
}


@dg.asset(group_name="research", kinds={"duckdb", "polars"}, deps=["enriched_accounts"])
def research_angles(warehouse: Warehouse, paths: PipelinePaths, policy: SendPolicy) -> dg.MaterializeResult:
    """Per ready account: why now, the researched facts (JSON) and a 0-1 fit score."""
    book = load_plays(paths.plays)
    now = policy.now()
    with warehouse.connect() as con:
        accounts = read_table(con, "enriched_accounts", "where status = 'ready'")
        signals = read_table(con, "qualified_signals")
    by_key = {(s["play"], s["signal_id"]): s for s in signals.iter_rows(named=True)}
    rows = []
    for account in accounts.iter_rows(named=True):
        play = book.plays.get(account["play"])
        signal = by_key.get((account["play"], account["signal_id"]))
        if play is None or signal is None:
            continue
        company = {"name": account["company_name"], "industry": account["industry"],
                   "employees": account["employees"], "country": account["country"]}
        facts = research_facts(signal, company, account)
        age_days = (now - signal["observed_at"]).total_seconds() / 86400
        rows.append({
            "play": play.name,
            "company_domain": account["company_domain"],
            "signal_id": signal["signal_id"],
            "signal_type": signal["signal_type"],
            "contact_email": account["email"],
            "contact_name": f"{account['first_name']} {account['last_name']}",
            "linkedin_url": account["linkedin_url"],
            "why_now": facts["why_now"],
            "facts": json.dumps(facts, sort_keys=True),
            "fit": fit_score(play, signal, account, age_days),
            "research_instructions": str(play.research.get("instructions", "")),
        })
    frame = pl.DataFrame(rows, schema=ANGLE_SCHEMA)
    with warehouse.connect() as con:
        replace_rows(con, "research_angles", frame)
    return dg.MaterializeResult(
        metadata=table_metadata(frame, mean_fit=float(frame["fit"].mean() or 0.0))
    )
