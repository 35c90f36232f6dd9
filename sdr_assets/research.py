"""Research layer: the facts a draft may state for each ready account, and its angle citing them."""

import json

import dagster as dg
import polars as pl

from resources.model import ModelClient
from resources.model_stage import ResponseCache
from resources.settings import PipelinePaths, SendPolicy
from resources.warehouse import Warehouse, read_table, replace_rows
from sdr_assets.domain.facts import build_facts, facts_to_json, template_values
from sdr_assets.playbook import load_plays
from sdr_assets.domain.targeting import fit_score
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
    "rejected_facts": pl.String,
    "angle": pl.String,
    "angle_fact_ids": pl.String,
    "angle_by": pl.String,
    "angle_rejected": pl.String,
    "fit": pl.Float64,
    "research_instructions": pl.String,
}


@dg.asset(group_name="research", kinds={"duckdb", "polars"}, deps=["enriched_accounts", "qualified_signals"])
def research_angles(
    warehouse: Warehouse, paths: PipelinePaths, policy: SendPolicy, model: ModelClient
) -> dg.MaterializeResult:
    """Per ready account: its facts (records with ids and sources), the angle citing them, and a 0-1 fit."""
    book = load_plays(paths.plays, writer=model.identity())
    now = policy.now()
    with warehouse.connect() as con:
        accounts = read_table(con, "enriched_accounts", "where status = 'ready'")
        signals = read_table(con, "qualified_signals")
    by_key = {(s["play"], s["signal_id"]): s for s in signals.iter_rows(named=True)}
    rows, jobs = [], []
    for account in accounts.iter_rows(named=True):
        play = book.plays.get(account["play"])
        signal = by_key.get((account["play"], account["signal_id"]))
        if play is None or signal is None:
            continue
        company = {"name": account["company_name"], "industry": account["industry"],
                   "employees": account["employees"], "country": account["country"],
                   "tech_stack": account.get("tech_stack")}
        facts, rejected = build_facts(signal, company, account, account.get("enrichment_source") or "enrichment")
        values = template_values(facts)
        instructions = str(play.research.get("instructions", ""))
        jobs.append((play.name, instructions, facts))
        age_days = (now - signal["observed_at"]).total_seconds() / 86400
        rows.append({
            "play": play.name,
            "company_domain": account["company_domain"],
            "signal_id": signal["signal_id"],
            "signal_type": signal["signal_type"],
            "contact_email": account["email"],
            "contact_name": " ".join(v for v in (values.get("first_name"), values.get("last_name")) if v),
            "linkedin_url": account["linkedin_url"],
            "why_now": values.get("why_now", ""),
            "facts": facts_to_json(facts),
            "rejected_facts": json.dumps(rejected),
            "fit": fit_score(play, signal, account, age_days),
            "research_instructions": instructions,
        })
    angles = model.write_angles(jobs, ResponseCache(warehouse.connect))
    for row, angle in zip(rows, angles, strict=True):
        row.update(angle=angle.text, angle_fact_ids=json.dumps(list(angle.fact_ids)), angle_by=angle.written_by,
                   angle_rejected=angle.rejected)
    frame = pl.DataFrame(rows, schema=ANGLE_SCHEMA)
    with warehouse.connect() as con:
        replace_rows(con, "research_angles", frame)
    return dg.MaterializeResult(
        metadata=table_metadata(
            frame.drop("facts"), mean_fit=float(frame["fit"].mean() or 0.0),
            angles_rejected=int((frame["angle_rejected"] != "").sum()),
            facts_left_out=int((frame["rejected_facts"] != "[]").sum()),
            model_calls=dg.MetadataValue.json(model.stats()),
        )
    )
