"""Drafts layer: grounded copy per play, and the approval gate that stops unapproved patterns."""

import hashlib
import json

import dagster as dg
import polars as pl

from resources.model import ModelClient
from resources.settings import PipelinePaths
from resources.warehouse import Warehouse, read_table, replace_rows
from sdr_assets.domain.drafting import DraftRequest, MissingFactError, choose_variant, render
from sdr_assets.domain.plays import Play, load_plays
from sdr_assets.domain.review import pick_review_sample
from sdr_assets.metadata import table_metadata
from sdr_assets.partitions import play_partitions

DRAFT_SCHEMA = {
    "draft_id": pl.String,
    "play": pl.String,
    "play_version": pl.String,
    "company_domain": pl.String,
    "contact_email": pl.String,
    "contact_name": pl.String,
    "linkedin_url": pl.String,
    "signal_type": pl.String,
    "step": pl.Int64,
    "channel": pl.String,
    "delay_days": pl.Int64,
    "variant": pl.String,
    "subject": pl.String,
    "body": pl.String,
    "grounded": pl.Boolean,
    "missing_facts": pl.String,
    "generated_by": pl.String,
    "fit": pl.Float64,
    "is_review_sample": pl.Boolean,
}


def _step_templates(play: Play, step: dict, variant_id: str) -> tuple[str, str]:
    if step["channel"] == "linkedin":
        return "", str(step.get("note", ""))
    if "body" in step:
        return str(step.get("subject", "")), str(step["body"])
    variant = next(v for v in play.variants if v["id"] == variant_id)
    return str(variant["subject"]), str(variant["body"])


def draft_rows(play: Play, angles: list[dict], model: ModelClient) -> list[dict]:
    """Every step of the sequence for every researched account, filled from its facts only."""
    variant_ids = [str(v["id"]) for v in play.variants]
    rows = []
    for angle in angles:
        facts = {**json.loads(angle["facts"]), "sender_name": str(play.sender.get("name", ""))}
        variant_id = choose_variant(variant_ids, f"{play.name}|{angle['contact_email']}")
        for number, step in enumerate(play.sequence, start=1):
            subject_t, body_t = _step_templates(play, step, variant_id)
            row = {
                "draft_id": hashlib.sha256(
                    f"{play.name}|{play.version_hash}|{angle['contact_email']}|{number}".encode()
                ).hexdigest()[:24],
                "play": play.name, "play_version": play.version_hash,
                "company_domain": angle["company_domain"], "contact_email": angle["contact_email"],
                "contact_name": angle["contact_name"], "linkedin_url": angle["linkedin_url"],
                "signal_type": angle["signal_type"], "step": number, "channel": step["channel"],
                "delay_days": int(step.get("delay_days", 0)), "variant": variant_id, "fit": angle["fit"],
                "missing_facts": "", "is_review_sample": False,
            }
            try:
                if step["channel"] == "email":
                    text = model.write_draft(DraftRequest(play.name, variant_id, subject_t, body_t, facts,
                                                          angle["research_instructions"]))
                    row.update(subject=text.subject, body=text.body, grounded=text.grounded,
                               generated_by=text.generated_by)
                else:
                    row.update(subject="", body=render(body_t, facts), grounded=True,
                               generated_by="offline-template")
            except MissingFactError as exc:
                row.update(subject="", body="", grounded=False, generated_by="none",
                           missing_facts=str(exc).strip("'"))
            rows.append(row)
    sample = set(pick_review_sample([r for r in rows if r["step"] == 1], play.review_sample_size))
    for row in rows:
        row["is_review_sample"] = row["contact_email"] in sample
    return rows


@dg.asset(
    group_name="drafts",
    kinds={"duckdb", "polars"},
    partitions_def=play_partitions,
    deps=["research_angles", "play_versions"],
)
def message_drafts(
    context: dg.AssetExecutionContext, warehouse: Warehouse, paths: PipelinePaths, model: ModelClient
) -> dg.MaterializeResult:
    """Grounded drafts for every step of the play's sequence, with the review sample flagged."""
    name = context.partition_key
    play = load_plays(paths.plays).plays.get(name)
    with warehouse.connect() as con:
        angles = read_table(con, "research_angles", "where play = ? order by contact_email", [name])
    rows = draft_rows(play, list(angles.iter_rows(named=True)), model) if play else []
    frame = pl.DataFrame(rows, schema=DRAFT_SCHEMA)
    with warehouse.connect() as con:
        replace_rows(con, "message_drafts", frame, "play = ?", [name])
    return dg.MaterializeResult(
        metadata=table_metadata(
            frame,
            play_version=play.version_hash if play else "play file removed",
            ungrounded=int((~frame["grounded"]).sum()),
            review_sample=dg.MetadataValue.md(sample_markdown(frame)),
        )
    )


def sample_markdown(frame: pl.DataFrame) -> str:
    sample = frame.filter(pl.col("is_review_sample") & (pl.col("channel") == "email") & (pl.col("step") == 1))
    if sample.is_empty():
        return "_no sample drafts yet_"
    parts = []
    for row in sample.iter_rows(named=True):
        parts.append(
            f"**To:** {row['contact_name']} <{row['contact_email']}> · variant `{row['variant']}` · "
            f"signal `{row['signal_type']}` · fit {row['fit']:.2f}\n\n**Subject:** {row['subject']}\n\n"
            + "\n".join(f"> {line}" for line in row["body"].splitlines())
        )
    return "\n\n---\n\n".join(parts)
