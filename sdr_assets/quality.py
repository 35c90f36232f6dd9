"""Data-quality checks: a Great Expectations suite on the signal feed, and verified drafts."""

import os

import dagster as dg
import polars as pl

from resources.warehouse import Warehouse, read_table
from sdr_assets.domain.plays import SIGNAL_TYPES
from sdr_assets.drafts import message_drafts, verifier_summary
from sdr_assets.partitions import play_partitioned_check
from sdr_assets.signal_ingest import RAW_SIGNAL_SCHEMA

DOMAIN_PATTERN = r"^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$"


def validate_signals(frame: pl.DataFrame) -> dict[str, dict]:
    """Run the signal expectations; return {expectation: {success, unexpected_count}}.

    GX 1.x has no maintained Dagster integration, so the suite runs here in an ephemeral context.
    It is imported lazily: it takes seconds to import.
    """
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
    import great_expectations as gx
    from great_expectations.data_context.types.base import ProgressBarsConfig

    context = gx.get_context(mode="ephemeral")
    context.variables.progress_bars = ProgressBarsConfig(globally=False)
    batch = (
        context.data_sources.add_pandas("feeds")
        .add_dataframe_asset("raw_signals")
        .add_batch_definition_whole_dataframe("all")
        .get_batch(batch_parameters={"dataframe": frame.to_pandas()})
    )
    e = gx.expectations
    suite = context.suites.add(gx.ExpectationSuite(name="raw_signals", expectations=[
        e.ExpectColumnValuesToBeUnique(column="signal_id"),
        e.ExpectColumnValuesToNotBeNull(column="company_domain"),
        e.ExpectColumnValuesToMatchRegex(column="company_domain", regex=DOMAIN_PATTERN),
        e.ExpectColumnValuesToBeInSet(column="signal_type", value_set=sorted(SIGNAL_TYPES)),
        e.ExpectColumnValuesToNotBeNull(column="observed_at"),
    ]))
    result = batch.validate(suite)
    return {
        f"{r.expectation_config.type}({r.expectation_config.kwargs.get('column')})": {
            "success": bool(r.success), "unexpected_count": int(r.result.get("unexpected_count") or 0)}
        for r in result.results
    }


@dg.asset_check(asset="raw_signals", description="Great Expectations suite: ids unique, domains valid, types known.")
def raw_signals_expectations(warehouse: Warehouse) -> dg.AssetCheckResult:
    with warehouse.connect() as con:
        frame = read_table(con, "raw_signals")
    if frame.is_empty():
        frame = pl.DataFrame(schema=RAW_SIGNAL_SCHEMA)
    outcomes = validate_signals(frame)
    failed = [name for name, o in outcomes.items() if not o["success"]]
    return dg.AssetCheckResult(
        passed=not failed, severity=dg.AssetCheckSeverity.WARN,
        metadata={"expectations": dg.MetadataValue.json(outcomes), "failed": ", ".join(failed) or "none",
                  "rows": frame.height},
    )


@play_partitioned_check(asset=message_drafts,
                        description="Every email draft passed the verifier as written; fallbacks and holds say why.")
def drafts_grounded(context: dg.AssetCheckExecutionContext, warehouse: Warehouse) -> dg.AssetCheckResult:
    name = context.partition_key if context.has_partition_key else ""
    with warehouse.connect() as con:
        drafts = read_table(con, "message_drafts", "where play = ?", [name])
    counts, summary = verifier_summary(drafts)
    missing = sorted({m for m in drafts["missing_facts"].to_list() if m}) if drafts.height else []
    return dg.AssetCheckResult(
        passed=counts["held"] == 0 and counts["fell_back"] == 0, severity=dg.AssetCheckSeverity.WARN,
        metadata={"written": counts["written"], "fell_back": counts["fell_back"], "held": counts["held"],
                  "missing_facts": ", ".join(missing) or "none",
                  "examples": dg.MetadataValue.md(summary),
                  "note": "Held drafts are never sent; a fallback sends the approved template instead of the "
                          "model's text. Fix the template, the research or the model settings."},
    )
