"""Jobs the sensors and the CLI launch: one per cadence of the pipeline."""

import dagster as dg

from sdr_assets.partitions import play_partitions

# DuckDB takes one writer at a time: steps run one after another in a single process.

SIGNAL_ASSETS = ["play_versions", "raw_signals", "quarantined_signal_rows", "qualified_signals",
                 "enriched_accounts", "research_angles"]
OUTREACH_ASSETS = ["message_drafts", "send_ledger", "linkedin_tasks"]
SUPPRESSION_ASSETS = ["suppression_events", "suppression_list"]
REPLY_ASSETS = ["raw_replies", "reply_classifications", *SUPPRESSION_ASSETS, "sequence_holds", "escalations",
                "monitor_readings", "monitor_pauses", "reply_rate_summary", "reply_performance", "outreach_funnel",
                "analytics_snapshot"]

signals_job = dg.define_asset_job(
    "signals_job", selection=dg.AssetSelection.assets(*SIGNAL_ASSETS),
    executor_def=dg.in_process_executor,
    description="Read signal feeds, qualify them against the plays, enrich and research the accounts.",
)
# Selecting the drafts selects their blocking approval check, so a failed gate skips the sends.
outreach_job = dg.define_asset_job(
    "outreach_job", selection=dg.AssetSelection.assets(*OUTREACH_ASSETS), partitions_def=play_partitions,
    executor_def=dg.in_process_executor,
    description="Draft one play's messages, pass them through the approval gate, then send what is due.",
)
replies_job = dg.define_asset_job(
    "replies_job", selection=dg.AssetSelection.assets(*REPLY_ASSETS),
    executor_def=dg.in_process_executor,
    description="Ingest and classify replies, apply suppressions and holds, escalate, run the monitor, "
                "refresh analytics.",
)
optouts_job = dg.define_asset_job(
    "optouts_job", selection=dg.AssetSelection.assets(*SUPPRESSION_ASSETS),
    executor_def=dg.in_process_executor,
    description="Ingest new clicks from the opt-out log into suppression_events and refresh the list.",
)
# The service level drifts with the clock, not with new mail: re-check it without rebuilding anything.
escalation_sla_job = dg.define_asset_job(
    "escalation_sla_job", selection=dg.AssetSelection.checks_for_assets("escalations"),
    executor_def=dg.in_process_executor,
    description="Re-evaluate the escalation service level: which interested or question replies wait unclaimed.",
)
